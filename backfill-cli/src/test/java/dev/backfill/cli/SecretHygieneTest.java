package dev.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Secrets with every class of odd character go through every failure path of the command line:
 * a token no HTTP header can carry (refused when read), a valid one a proxy echoes back in an error
 * body, one refused by the provider. Neither the secret nor a recognisable piece of it appears in
 * standard output, standard error, a checkpoint, {@code status} or the events file.
 */
class SecretHygieneTest {
  /** One character of each kind an HTTP header value cannot carry, or that a terminal would act on. */
  private static final List<String> ODD = List.of("\n", "\r\n", "\r", "\u0000", "\u0007", "\u001b[2J", "\u007f", "\u0085",
      "\u200b", "\u00a0", "\u202e", "\t", " ", "é", "\u2028", "\ud83d\udd11");

  @Provide
  Arbitrary<String> unusableSecrets() {
    Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
        .ofMinLength(8).ofMaxLength(16);
    return Combinators.combine(word, Arbitraries.of(ODD), word, Arbitraries.of("", "\n", "\r\n"))
        .as((head, odd, tail, ending) -> "SEC" + head + odd + tail + ending);
  }

  @Provide
  Arbitrary<String> usableSecrets() {
    return Arbitraries.strings().withCharRange('!', '~').ofMinLength(10).ofMaxLength(30)
        .filter(secret -> secret.chars().filter(Character::isLetterOrDigit).count() >= 6)
        .map(secret -> "SEC" + secret);
  }

  @Provide
  Arbitrary<Integer> clientErrors() {
    return Arbitraries.of(400, 404, 409, 422);
  }

  @Property(tries = 40)
  void aTokenNoHeaderCanCarryIsRefusedWithoutAPieceOfItInAnyOutput(@ForAll("unusableSecrets") String secret,
      @ForAll boolean fromFile) throws IOException {
    Path directory = Files.createTempDirectory("secret-hygiene");
    Map<String, String> env = fromFile ? Map.of() : Map.of("ODD_TOKEN", secret);
    if (fromFile) {
      Files.writeString(directory.resolve("token"), secret, StandardCharsets.UTF_8);
    }
    String[] credential = fromFile ? new String[] {"--token-file", "token"} : new String[] {"--token-env", "ODD_TOKEN"};
    CliTestSupport cli = new CliTestSupport(directory, env);

    int run = cli.run(concat(new String[] {"run", "--provider", "github", "--repo", "acme/api", "--base-url", "http://127.0.0.1:9",
        "--state", "state", "--out", "events.jsonl"}, credential));
    int plan = cli.run(concat(new String[] {"plan", "--provider", "linear", "--base-url", "http://127.0.0.1:9"}, credential));

    assertThat(run).as(cli.err()).isEqualTo(ExitCodes.AUTHENTICATION_FAILED);
    assertThat(plan).isEqualTo(ExitCodes.AUTHENTICATION_FAILED);
    assertThat(cli.err()).contains("cannot be used", "visible ASCII");
    assertNoPieceOf(secret, cli, directory, fromFile ? directory.resolve("token") : null);
  }

  @Property(tries = 25)
  void aTokenAProxyEchoesIntoAnErrorBodyIsRedactedEverywhere(@ForAll("usableSecrets") String secret,
      @ForAll("clientErrors") int statusCode) throws IOException {
    Path directory = Files.createTempDirectory("secret-hygiene");
    try (EchoServer proxy = new EchoServer(statusCode,
        authorization -> "{\"message\":\"bad gateway\",\"you sent\":\"" + authorization + "\",\"tty\":\"\u001b]0;owned\u0007\"}")) {
      CliTestSupport cli = new CliTestSupport(directory, Map.of("TOKEN", secret));

      int run = cli.run("run", "--provider", "github", "--repo", "acme/api", "--base-url", proxy.baseUrl(), "--token-env", "TOKEN",
          "--state", "state", "--out", "events.jsonl", "--entities", "release", "--setting", "pageSize=5");
      int status = cli.run("status", "--state", "state");

      assertThat(run).as(cli.err() + cli.out()).isEqualTo(ExitCodes.PARTIAL_FAILURE);
      assertThat(status).isEqualTo(ExitCodes.DONE);
      assertThat(cli.out()).contains("[redacted]", "last error");
      assertThat(cli.out() + cli.err()).doesNotContain("\u001b", "\u0007");
      assertNoPieceOf(secret, cli, directory, null);
    }
  }

  @Test
  void atDebugLevelNoLogLineOfAnyFailurePathCarriesTheToken() throws Exception {
    String secret = "SECdebug\"token\\with%odd$chars";
    Path directory = Files.createTempDirectory("secret-hygiene");
    StringBuilder everything = new StringBuilder();
    try (EchoServer echo = new EchoServer(400, authorization -> "{\"echo\":\"" + authorization + "\"}");
        EchoServer refusing = new EchoServer(401, authorization -> "{\"message\":\"Bad credentials " + authorization + "\"}")) {
      for (String base : List.of(echo.baseUrl(), refusing.baseUrl(), "http://127.0.0.1:9")) {
        CliProcess run = new CliProcess(directory, Map.of("TOKEN", secret), List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug"),
            "run", "--provider", "github", "--repo", "acme/api", "--base-url", base, "--token-env", "TOKEN", "--state", "state",
            "--out", "events.jsonl", "--entities", "release", "--max-wait", "1s");
        assertThat(run.waitFor()).as(run.output()).isIn(ExitCodes.PARTIAL_FAILURE, ExitCodes.AUTHENTICATION_FAILED);
        everything.append(run.output());
      }
    }
    assertThat(everything).contains("DEBUG", "[redacted]", "credential rejected", "could not reach github");
    CliTestSupport status = new CliTestSupport(directory, Map.of());
    status.run("status", "--state", "state");
    assertNoPieceOf(secret, status, directory, null);
    assertThat(everything.toString()).doesNotContain(secret, "SECdebug", "with%odd$chars");
  }

  private static void assertNoPieceOf(String secret, CliTestSupport cli, Path directory, Path secretFile) {
    List<String> pieces = pieces(secret);
    List<String> outputs = new ArrayList<>(List.of(cli.out(), cli.err()));
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).filter(file -> !file.equals(secretFile)).collect(Collectors.toList())) {
        outputs.add(Files.readString(file, StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String output : outputs) {
      for (String piece : pieces) {
        assertThat(output).doesNotContain(piece);
      }
    }
  }

  /** The secret, its JSON-escaped form, and each run of letters and digits of eight or more in it. */
  private static List<String> pieces(String secret) {
    List<String> pieces = new ArrayList<>(List.of(secret, secret.replace("\\", "\\\\").replace("\"", "\\\"")));
    for (String run : secret.split("[^A-Za-z0-9]+")) {
      if (run.length() >= 8) {
        pieces.add(run);
      }
    }
    return pieces;
  }

  private static String[] concat(String[] first, String[] second) {
    return Stream.concat(Stream.of(first), Stream.of(second)).toArray(String[]::new);
  }
}
