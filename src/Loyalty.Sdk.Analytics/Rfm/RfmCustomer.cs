namespace Loyalty.Sdk.Analytics.Rfm;

/// <summary>One customer's RFM values, scores, segment and churn risk.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Customer">The customer index.</param>
/// <param name="RecencyDays">Days from the last purchase to the as-of date.</param>
/// <param name="Frequency">Orders (distinct order indexes, or records without one).</param>
/// <param name="Monetary">The total amount.</param>
/// <param name="R">The recency score: more recent is higher.</param>
/// <param name="F">The frequency score.</param>
/// <param name="M">The monetary score.</param>
/// <param name="Segment">The R×F segment.</param>
/// <param name="ChurnRisk">The churn risk in [0, 1] (see <see cref="RfmAnalysis.ChurnRisk"/>).</param>
public readonly record struct RfmCustomer(int Customer, int RecencyDays, int Frequency, decimal Monetary, int R, int F, int M, string Segment, double ChurnRisk)
{
    /// <summary>Gets the mean order value: the total ÷ orders.</summary>
    public decimal MeanOrderValue => Frequency == 0 ? 0m : Monetary / Frequency;
}
