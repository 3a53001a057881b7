namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>BG/NBD parameters: r and α (the gamma mixing of purchase rates), a and b (the beta mixing of dropout probabilities).</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="R">r &gt; 0.</param>
/// <param name="Alpha">α &gt; 0, in the summaries' time unit.</param>
/// <param name="A">a &gt; 0.</param>
/// <param name="B">b &gt; 0.</param>
public readonly record struct BgNbdParameters(double R, double Alpha, double A, double B);
