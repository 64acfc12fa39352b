package com.example.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The run on the oldest supported Jackson has exactly that Jackson on its class path. */
class JacksonVersionTest {
  @Test
  void runsOnTheJacksonTheBuildAskedFor() {
    String expected = System.getProperty("backfill.expectedJackson");
    assumeTrue(expected != null, "only the lowest-jackson run names a version");

    assertThat(new ObjectMapper().version().toString()).isEqualTo(expected);
    assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString()).isEqualTo(expected);
    assertThat(com.fasterxml.jackson.datatype.jsr310.PackageVersion.VERSION.toString()).isEqualTo(expected);
  }
}
