package dev.backfill.core.internal;

import dev.backfill.core.http.ResponseStage;
import java.util.List;

/**
 * The connector's own {@link ResponseStage}s: each raw answer passes them before the client's
 * stages judge it, and the first verdict other than {@code AS_IS} is the answer's.
 */
final class ProviderStages implements Stage {
  private final List<ResponseStage> stages;
  private final ResponseStage.ConnectionLimits limits;

  ProviderStages(List<ResponseStage> stages, ResponseStage.ConnectionLimits limits) {
    this.stages = stages;
    this.limits = limits;
  }

  @Override
  public Answer proceed(Attempt attempt, Chain chain) {
    Answer answer = chain.proceed(attempt);
    String text = answer.text();
    for (ResponseStage stage : stages) {
      ResponseStage.Verdict verdict = stage.judge(answer.status, answer.headers, text, limits);
      if (verdict != ResponseStage.Verdict.AS_IS) {
        answer.verdict = verdict;
        break;
      }
    }
    return answer;
  }
}
