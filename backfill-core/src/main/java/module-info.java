/** The backfill SDK core: connector SPI, event model, runner, stores, sinks and HTTP plumbing. */
module dev.backfill.core {
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires com.fasterxml.jackson.datatype.jdk8;
  requires transitive java.net.http;
  requires transitive java.sql;
  requires dev.failsafe.core;
  requires org.slf4j;
  requires static transitive org.immutables.value.annotations;

  exports dev.backfill.core;
  exports dev.backfill.core.error;
  exports dev.backfill.core.spi;
  exports dev.backfill.core.http;
  exports dev.backfill.core.state;
  exports dev.backfill.core.sink;
  exports dev.backfill.core.run;

  opens dev.backfill.core to com.fasterxml.jackson.databind;
  opens dev.backfill.core.spi to com.fasterxml.jackson.databind;
  opens dev.backfill.core.state to com.fasterxml.jackson.databind;

  uses dev.backfill.core.spi.BackfillConnector;
}
