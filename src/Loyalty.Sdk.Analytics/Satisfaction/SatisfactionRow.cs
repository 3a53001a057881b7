namespace Loyalty.Sdk.Analytics.Satisfaction;

/// <summary>Satisfaction of one group of customers (a cohort, a segment, or all).</summary>
/// <param name="Group">The group's name (<c>overall</c> for all).</param>
/// <param name="Reviews">The reviews.</param>
/// <param name="Positive">Scores of 4–5 (1–5 scale) or promoters, 9–10 (0–10 scale).</param>
/// <param name="Neutral">Scores of 3, or passives (7–8).</param>
/// <param name="Negative">Scores of 1–2, or detractors (0–6).</param>
/// <param name="Score">CSAT in percent (positive share), or NPS in points (−100 to 100); null without reviews.</param>
/// <param name="Low">The lower bound of its 95% interval (Wilson for CSAT, adjusted Wald for NPS).</param>
/// <param name="High">The upper bound of its 95% interval.</param>
public sealed record SatisfactionRow(string Group, long Reviews, long Positive, long Neutral, long Negative, double? Score, double? Low, double? High);
