namespace Loyalty.Sdk.Analytics.Value;

/// <summary>Gamma-Gamma spend parameters: a transaction's value is Gamma(p, ν), ν is Gamma(q, v) across customers.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="P">p, the shape of a transaction's value.</param>
/// <param name="Q">q, the shape of the scale's distribution.</param>
/// <param name="V">v, the scale of the scale's distribution (in currency).</param>
public readonly record struct GammaGammaParameters(double P, double Q, double V);
