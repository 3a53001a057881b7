namespace Loyalty.Sdk.Analytics.Value;

/// <summary>
/// When the value models' fits stop: the simplex within 1e-7 in log-parameters (parameters to about seven significant
/// digits, far inside every published figure's tolerance) and the mean log-likelihood agreeing to 1e-11.
/// </summary>
internal static class FitTolerance
{
    public const double Size = 1e-7;
    public const double Spread = 1e-11;
}
