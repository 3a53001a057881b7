namespace Loyalty.Sdk.Analytics.Value;

/// <summary>Options of <see cref="CustomerLifetimeValue.Compute"/>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ClvOptions
{
    /// <summary>Gets the horizon in months.</summary>
    /// <value>The default is 12.</value>
    public int Months { get; init; } = 12;

    /// <summary>Gets how many of the purchase model's time periods make a month.</summary>
    /// <value>The default is 365.25 / 12 / 7 ≈ 4.348: a model fitted in weeks.</value>
    public double PeriodsPerMonth { get; init; } = 365.25 / 12 / 7;

    /// <summary>Gets the monthly discount rate d: money in month k is worth 1/(1 + d)^k today.</summary>
    /// <value>The default is 0.01 (about 12.7% a year).</value>
    public double MonthlyDiscountRate { get; init; } = 0.01;

    /// <summary>Gets the margin: the share of a transaction's value that is profit (1 for revenue).</summary>
    /// <value>The default is 1.</value>
    public double Margin { get; init; } = 1;
}
