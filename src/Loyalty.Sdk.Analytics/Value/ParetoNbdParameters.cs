namespace Loyalty.Sdk.Analytics.Value;

/// <summary>Pareto/NBD parameters: purchase rates Gamma(r, α), dropout rates Gamma(s, β).</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="R">r, the shape of the purchase-rate distribution.</param>
/// <param name="Alpha">α, its scale (in periods).</param>
/// <param name="S">s, the shape of the dropout-rate distribution.</param>
/// <param name="Beta">β, its scale (in periods).</param>
public readonly record struct ParetoNbdParameters(double R, double Alpha, double S, double Beta);
