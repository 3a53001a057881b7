namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>Options of <see cref="BgNbdModel.Fit"/>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record BgNbdFitOptions
{
    /// <summary>Gets the L2 penalty λ: the fit minimises −LL/N + λ(r² + α² + a² + b²).</summary>
    /// <value>The default is 0 (plain maximum likelihood).</value>
    public double Penalty { get; init; }

    /// <summary>Gets the most Nelder–Mead iterations.</summary>
    /// <value>The default is 5000.</value>
    public int MaxIterations { get; init; } = 5000;
}
