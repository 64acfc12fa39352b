package dev.backfill.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsSpecTest {
  private static final Setting<Integer> PAGE_SIZE = CommonSettings.pageSize(100);
  private static final Setting<Boolean> DETAILS = Setting.flag("details", false, "fetch details");
  private static final Setting<List<String>> PROJECTS = Setting.list("projects", "project ids");
  private static final Setting<String> ORGANIZATION = Setting.requiredText("organization", "the organization slug");
  private static final Setting<String> AUTH = Setting.choice("auth", "apiKey", List.of("apiKey", "oauth"), "how the key is sent");
  private static final Setting<Optional<String>> SIGNING_KEY = Setting.text("signingKey", "a key").secret();
  private static final Setting<URI> BASE_URL = CommonSettings.baseUrl("https://api.example.test");
  private static final SettingsSpec SPEC = SettingsSpec.of(PAGE_SIZE, DETAILS, PROJECTS, ORGANIZATION, AUTH, SIGNING_KEY, BASE_URL);

  @Test
  void parsesOnceWithDefaultsFilledIn() {
    Settings settings = SPEC.parse(Map.of("organization", " acme ", "projects", "web, ,api", "auth", "OAUTH", "details", "True"));

    assertThat(settings.get(PAGE_SIZE)).isEqualTo(100);
    assertThat(settings.get(DETAILS)).isTrue();
    assertThat(settings.get(PROJECTS)).containsExactly("web", "api");
    assertThat(settings.get(ORGANIZATION)).isEqualTo("acme");
    assertThat(settings.get(AUTH)).isEqualTo("oauth");
    assertThat(settings.get(SIGNING_KEY)).isEmpty();
    assertThat(settings.get(BASE_URL)).isEqualTo(URI.create("https://api.example.test"));
  }

  @Test
  void everyProblemIsReportedAtOnceUnknownKeysWithASuggestion() {
    List<String> problems = SPEC.problems(Map.of("pagesize", "5", "details", "yes", "pageSize", "500", "baseUrl", "not a url",
        "colour", "blue"));

    assertThat(problems).containsExactlyInAnyOrder(
        "unknown setting 'pagesize' (did you mean pageSize?)",
        "unknown setting 'colour'; known: pageSize, details, projects, organization, auth, signingKey, baseUrl",
        "setting 'details' must be true or false, got 'yes'",
        "setting 'pageSize' must be an integer, 1 to 100, got '500'",
        "setting 'baseUrl' must be an absolute http(s) URL, got 'not a url'",
        "setting 'organization' is required: the organization slug");
    assertThatThrownBy(() -> SPEC.parse(Map.of("pagesize", "5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("did you mean pageSize?")
        .hasMessageContaining("'organization' is required");
  }

  @Test
  void aSecretValueIsNeverEchoedOrPrinted() {
    Setting<Integer> secretNumber = Setting.integer("pin", 0, 0, 9999, "a pin").secret();
    SettingsSpec spec = SettingsSpec.of(secretNumber, SIGNING_KEY);

    assertThat(spec.problems(Map.of("pin", "hunter2"))).containsExactly("setting 'pin' must be an integer, 0 to 9999");
    assertThat(spec.parse(Map.of("signingKey", "s3cr3t-value")).toString()).isEqualTo("Settings{signingKey=***}").doesNotContain("s3cr3t");
    assertThat(SIGNING_KEY.isSecret()).isTrue();
  }

  @Test
  void aSettingFromAnotherSpecIsRefused() {
    Settings settings = SettingsSpec.of(PAGE_SIZE).parse(Map.of());

    assertThatThrownBy(() -> settings.get(DETAILS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("details");
  }

  @Test
  void checksAndDuplicateKeys() {
    Setting<List<String>> repositories = Setting.list("repositories", "owner/name").check(names -> names.stream().allMatch(n -> n.contains("/")),
        "must list owner/name repositories");

    assertThat(SettingsSpec.of(repositories).problems(Map.of("repositories", "acme/api,nope")))
        .containsExactly("setting 'repositories' must list owner/name repositories, got 'acme/api,nope'");
    assertThatThrownBy(() -> SettingsSpec.of(PAGE_SIZE, CommonSettings.pageSize(50))).hasMessageContaining("pageSize");
  }
}
