namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>
/// A customer's purchase summary for BG/NBD: frequency x (repeat purchase days: distinct purchase days − 1), recency
/// t_x (first to last purchase day) and age T (first purchase day to the end of the calibration period), in periods.
/// </summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Customer">The customer index.</param>
/// <param name="Frequency">x, the number of repeat purchase days.</param>
/// <param name="Recency">t_x, in periods.</param>
/// <param name="T">T, in periods.</param>
public readonly record struct CustomerSummary(int Customer, int Frequency, double Recency, double T);
