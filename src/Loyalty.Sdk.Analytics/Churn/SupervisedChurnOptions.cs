namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>Options of <see cref="SupervisedChurn"/>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record SupervisedChurnOptions
{
    /// <summary>Gets N: a customer churned at a cutoff when they made no purchase in the N days after it.</summary>
    public int HorizonDays { get; init; } = 90;

    /// <summary>Gets how many earlier cutoffs (N days apart, ending N days before the scored one) the model is trained on.</summary>
    public int Origins { get; init; } = 3;

    /// <summary>Gets λ, the L2 penalty of the logistic regression.</summary>
    public double L2 { get; init; } = 1;

    /// <summary>Gets the bootstrap resamples of the evaluation's intervals.</summary>
    public int Resamples { get; init; } = 500;

    /// <summary>Gets the bootstrap's random seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Gets the time unit of the BG/NBD baselines.</summary>
    public SummaryPeriod Period { get; init; } = SummaryPeriod.Week;
}
