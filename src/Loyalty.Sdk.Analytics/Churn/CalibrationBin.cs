namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>One group of the churn model's calibration table and lift chart: customers ranked by predicted probability.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Bin">1 (lowest predictions) to the number of groups.</param>
/// <param name="Customers">Customers in the group.</param>
/// <param name="MeanPredicted">The mean predicted probability of churn.</param>
/// <param name="Observed">The share that churned.</param>
/// <param name="Lift">The share that churned ÷ the share over all customers.</param>
public readonly record struct CalibrationBin(int Bin, int Customers, double MeanPredicted, double Observed, double Lift);
