namespace Loyalty.Sdk.Analytics.Value;

/// <summary>A customer's spend for the Gamma-Gamma model: the number of repeat transactions and their mean value.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Customer">The customer index.</param>
/// <param name="Frequency">x, the number of repeat transactions (0: no repeat, no spend observed).</param>
/// <param name="MeanSpend">z̄, the mean value of those transactions (ignored when x = 0).</param>
public readonly record struct SpendSummary(int Customer, int Frequency, double MeanSpend);
