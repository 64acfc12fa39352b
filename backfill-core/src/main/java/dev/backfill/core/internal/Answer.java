package dev.backfill.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backfill.core.http.ResponseStage;
import dev.backfill.core.spi.RateLimitStatus;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A provider's answer to one attempt, as the stages learn more about it on its way back. */
final class Answer {
  final int status;
  final HttpHeaders headers;
  final byte[] body;
  /** When the answer was read, by the client's clock. */
  final Instant receivedAt;
  final ServerTime serverTime;
  /** What the provider's response stages said the answer means. */
  ResponseStage.Verdict verdict = ResponseStage.Verdict.AS_IS;
  RateLimitStatus rateLimit;
  JsonNode json;

  Answer(int status, HttpHeaders headers, byte[] body, Instant receivedAt, ServerTime serverTime) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.receivedAt = receivedAt;
    this.serverTime = serverTime;
  }

  /** The start of the body as text (up to 64 KiB), for stages that look into it. */
  String text() {
    return new String(body, 0, Math.min(body.length, 64 * 1024), StandardCharsets.UTF_8);
  }
}
