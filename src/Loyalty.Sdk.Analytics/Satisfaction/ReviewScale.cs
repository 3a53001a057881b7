namespace Loyalty.Sdk.Analytics.Satisfaction;

/// <summary>The scale of review scores, which decides the measure of satisfaction.</summary>
public enum ReviewScale
{
    /// <summary>Scores 1 to 5: CSAT, the share of 4s and 5s.</summary>
    OneToFive,

    /// <summary>Scores 0 to 10 (likelihood to recommend): NPS, promoters (9–10) minus detractors (0–6).</summary>
    ZeroToTen,
}
