using System.Linq;
using Loyalty.Sdk.Analytics.Churn;

namespace Loyalty.Sdk.Analytics.Value;

/// <summary>ln Γ(r + x) − ln Γ(r) for each distinct frequency x of a fit, updated once per evaluation of the likelihood.</summary>
internal sealed class LogGammaByX((int X, double Recency, double T, int Count)[] data)
{
    private readonly int[] _xs = [.. data.Select(d => d.X).Distinct()];
    private readonly double[] _values = new double[data.Max(d => d.X) + 1];

    public double this[int x] => _values[x];

    public void Update(double r)
    {
        var logGammaR = SpecialFunctions.LogGamma(r);
        foreach (var x in _xs)
        {
            _values[x] = SpecialFunctions.LogGamma(r + x) - logGammaR;
        }
    }
}
