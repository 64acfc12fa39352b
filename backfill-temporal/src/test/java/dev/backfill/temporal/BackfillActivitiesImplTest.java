package dev.backfill.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfill.core.Connectors;
import dev.backfill.core.error.BackfillException;
import dev.backfill.core.error.ProviderApiException;
import dev.backfill.core.error.StorageException;
import dev.backfill.core.error.WorkLimitExceededException;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.PageStepper;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.BackfillConnector;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Resource;
import dev.backfill.core.spi.Setting;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.spi.SettingsSpec;
import dev.backfill.core.state.InMemoryCheckpointStore;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Activities hand Temporal a failure that is retryable exactly when the SDK's error says so. */
class BackfillActivitiesImplTest {
  static List<Object[]> failures() {
    return List.of(
        new Object[] {new ProviderApiException("failing", 404, "https://api.test/x", ""), false},
        new Object[] {new ProviderApiException("failing", 503, "https://api.test/x", ""), true},
        new Object[] {new StorageException("database gone", new java.sql.SQLException("closed")), true},
        new Object[] {new WorkLimitExceededException("too many pages"), false},
        new Object[] {new BackfillException("a connector's own retryable error") {
          @Override
          public boolean retryable() {
            return true;
          }
        }, true});
  }

  @ParameterizedTest
  @MethodSource("failures")
  void theActivityFailureIsRetryableExactlyWhenTheErrorIs(BackfillException failure, boolean retryable) {
    BackfillActivitiesImpl activities = new BackfillActivitiesImpl(
        PageStepper.create(Connectors.of(new FailingConnector(failure)), new InMemoryCheckpointStore(), HttpSettings.defaults(),
            Clock.systemUTC()),
        (provider, connection) -> CredentialProvider.staticToken("unused-token"), new InMemorySink());

    assertThatThrownBy(() -> activities.plan(TemporalBackfillInput.builder().provider("failing").connectionId("c").depth(Depth.DAYS_7)
        .build()))
        .isInstanceOfSatisfying(ApplicationFailure.class, applicationFailure ->
            assertThat(applicationFailure.isNonRetryable()).isEqualTo(!retryable))
        .hasMessageContaining(failure.getMessage());
  }

  @org.junit.jupiter.api.Test
  void aSecretSettingIsRefusedBeforeItCouldReachWorkflowHistory() {
    BackfillConnector withSecret = new FailingConnector(new BackfillException("unused")) {
      @Override
      public SettingsSpec settings() {
        return SettingsSpec.of(Setting.text("signingKey", "a key the provider signs with").secret(), Setting.text("region", "where"));
      }
    };
    Connectors connectors = Connectors.of(withSecret);

    assertThatThrownBy(() -> TemporalBackfill.refuseSecrets(connectors, TemporalBackfillInput.builder().provider("failing")
        .connectionId("c").putSettings("region", "eu").putSettings("signingKey", "s3cr3t").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'signingKey'")
        .message().doesNotContain("s3cr3t");
    TemporalBackfill.refuseSecrets(connectors, TemporalBackfillInput.builder().provider("failing").connectionId("c")
        .putSettings("region", "eu").build());
  }

  /** A connector whose resource listing fails with the given error. */
  private static class FailingConnector implements BackfillConnector {
    private final BackfillException failure;

    FailingConnector(BackfillException failure) {
      this.failure = failure;
    }

    @Override
    public String providerId() {
      return "failing";
    }

    @Override
    public List<String> supportedEntityTypes() {
      return List.of("item");
    }

    @Override
    public SettingsSpec settings() {
      return SettingsSpec.of();
    }

    @Override
    public HttpProfile httpProfile(Settings settings) {
      return HttpProfile.builder().provider("failing").apiBase(URI.create("https://api.test")).build();
    }

    @Override
    public List<Resource> resources(ConnectorContext context) {
      throw failure;
    }

    @Override
    public Page fetchPage(ConnectorContext context, PageRequest request) {
      throw failure;
    }
  }
}
