package dev.backfill.core.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.Redactor;
import dev.backfill.core.error.MalformedResponseException;
import java.io.IOException;

/**
 * Parses the body as one JSON value. A body that does not parse (often a truncated transfer) asks
 * for another try; one of more than {@value #MAX_JSON_TOKENS} tokens is malformed at once.
 */
final class DecodeStage implements Stage {
  /**
   * The most JSON tokens one response may hold: a page of 100 pull requests holds about 26,000
   * in FakeGitHub, a few times that with GitHub's full repository objects. Bounds the memory one
   * parsed body takes, whatever its byte size (a 32 MiB body of {@code {}} items would take
   * gigabytes as a tree).
   */
  static final long MAX_JSON_TOKENS = 2_000_000;
  private static final ObjectReader JSON = reader();

  private final String provider;
  private final Redactor redactor;

  DecodeStage(String provider, Redactor redactor) {
    this.provider = provider;
    this.redactor = redactor;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    Answer answer = chain.proceed(attempt);
    if (answer.body.length == 0) {
      answer.json = MissingNode.getInstance();
      return answer;
    }
    try {
      answer.json = JSON.readTree(answer.body);
      return answer;
    } catch (StreamConstraintsException tooMany) {
      throw new MalformedResponseException(provider, attempt.safeUrl, "body of " + answer.body.length
          + " bytes holds more than " + MAX_JSON_TOKENS + " JSON tokens, far more than any page of a provider", null);
    } catch (IOException unparseable) {
      String detail = "body of " + answer.body.length + " bytes does not parse as JSON";
      throw new RetrySignal.Transient(detail, null, new MalformedResponseException(provider, attempt.safeUrl,
          detail + ": " + redactor.redact(firstLine(unparseable.getMessage())), redactor.redact(unparseable)));
    }
  }

  private static ObjectReader reader() {
    ObjectMapper mapper = BackfillJson.newMapper();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxTokenCount(MAX_JSON_TOKENS).build());
    return mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
