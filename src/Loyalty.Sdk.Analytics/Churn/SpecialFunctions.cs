using System;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>The special functions the churn models need: log-gamma, log-beta and the Gaussian hypergeometric 2F1.</summary>
internal static class SpecialFunctions
{
    // Lanczos approximation, g = 7, nine coefficients (the published constants; relative error below 1e-15).
    private static readonly double[] Lanczos =
    [
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++)
        {
            sum += Lanczos[i] / (x + i);
        }

        var t = x + 7.5;
        return HalfLogTwoPi + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>ln(e^x + e^y) without overflow; −∞ is allowed for either.</summary>
    public static double LogSumExp(double x, double y)
    {
        if (double.IsNegativeInfinity(x))
        {
            return y;
        }

        if (double.IsNegativeInfinity(y))
        {
            return x;
        }

        var max = Math.Max(x, y);
        return max + Math.Log(1 + Math.Exp(-Math.Abs(x - y)));
    }

    /// <summary>
    /// 2F1(a, b; c; z) by its power series, or NaN when it has not converged within <paramref name="maxTerms"/> terms
    /// (z close to 1): for likelihoods, where such a point is better refused than waited for.
    /// </summary>
    public static double TryHypergeometric2F1(double a, double b, double c, double z, int maxTerms)
    {
        var term = 1.0;
        var sum = 1.0;
        for (var k = 0; k < maxTerms; k++)
        {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            if (Math.Abs(term) <= 1e-16 * Math.Abs(sum))
            {
                return sum;
            }
        }

        return double.NaN;
    }

    /// <summary>The Gaussian hypergeometric function 2F1(a, b; c; z) by its power series, for |z| &lt; 1.</summary>
    public static double Hypergeometric2F1(double a, double b, double c, double z)
    {
        if (Math.Abs(z) >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "The power series of 2F1 needs |z| < 1.");
        }

        var term = 1.0;
        var sum = 1.0;
        for (var k = 0; k < 1_000_000; k++)
        {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            if (Math.Abs(term) <= 1e-16 * Math.Abs(sum))
            {
                return sum;
            }
        }

        return sum;
    }
}
