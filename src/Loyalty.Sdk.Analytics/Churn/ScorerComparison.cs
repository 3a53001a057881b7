namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>One churn score on the evaluation cutoff, and the supervised model's advantage over it.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Name">The score: <c>model</c>, <c>recency</c>, <c>rfm</c>, <c>bgnbd</c> or <c>mbgnbd</c>.</param>
/// <param name="RocAuc">ROC AUC.</param>
/// <param name="PrAuc">PR AUC (average precision; churners are the positives).</param>
/// <param name="Brier">The Brier score, or NaN for a score that is only a ranking (recency, RFM).</param>
/// <param name="RocAucDifference">The model's ROC AUC minus this score's, with a paired bootstrap 95% interval (zero for the model).</param>
/// <param name="PrAucDifference">The model's PR AUC minus this score's, paired.</param>
/// <param name="BrierDifference">The model's Brier score minus this score's, paired (negative: the model is better); NaN without a probability.</param>
public sealed record ScorerComparison(string Name, double RocAuc, double PrAuc, double Brier, Estimate RocAucDifference, Estimate PrAucDifference, Estimate BrierDifference);
