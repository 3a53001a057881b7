using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Analytics.Churn;

namespace Loyalty.Sdk.Analytics.Value;

/// <summary>
/// The modified BG/NBD model (MBG/NBD) of Batislam, Denizel &amp; Filiztekin (2007): as BG/NBD, but a customer may drop
/// out at every purchase including the first, so that a one-time buyer can be gone (BG/NBD's P(alive) is 1 for every
/// customer without a repeat purchase, which makes it rank churners badly). Same parameters as BG/NBD: purchase rates
/// Gamma(r, α), dropout probabilities Beta(a, b). Fitted by maximum likelihood (Nelder–Mead over log-parameters).
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class ModifiedBgNbdModel
{
    /// <summary>Initializes a new instance of the <see cref="ModifiedBgNbdModel"/> class from known parameters.</summary>
    /// <param name="parameters">The parameters, all finite and greater than zero.</param>
    /// <param name="logLikelihood">The log-likelihood they reached, if known.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite and positive.</exception>
    public ModifiedBgNbdModel(BgNbdParameters parameters, double logLikelihood = double.NaN)
    {
        ModelFit.RequirePositive("MBG/NBD", parameters, parameters.R, parameters.Alpha, parameters.A, parameters.B);
        Parameters = parameters;
        LogLikelihood = logLikelihood;
    }

    /// <summary>Gets the parameters.</summary>
    public BgNbdParameters Parameters { get; }

    /// <summary>Gets the log-likelihood of the data the model was fitted to (NaN when built from parameters).</summary>
    public double LogLikelihood { get; }

    /// <summary>Fits the model to customer summaries by maximum likelihood.</summary>
    /// <param name="summaries">The summaries (x, t_x and T in one time unit).</param>
    /// <param name="maxIterations">The most Nelder–Mead iterations.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ModelFitException">There are no summaries, no repeat purchase, an invalid summary, or no finite optimum.</exception>
    public static ModifiedBgNbdModel Fit(IReadOnlyList<CustomerSummary> summaries, int maxIterations = 5000)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var data = SummaryData.Check(summaries, "MBG/NBD");
        var byX = data.Select(d => d.X).Distinct().ToArray();
        var terms = new (double Common, double Alive, double Gone)[byX.Max() + 1];
        double LogLikelihood(double[] values)
        {
            var p = new BgNbdParameters(values[0], values[1], values[2], values[3]);
            foreach (var x in byX)
            {
                terms[x] = Terms(p, x);
            }

            var total = 0.0;
            foreach (var (x, recency, t, count) in data)
            {
                var (common, alive, gone) = terms[x];
                total += count * (common + SpecialFunctions.LogSumExp(alive - ((p.R + x) * Math.Log(p.Alpha + t)), gone - ((p.R + x) * Math.Log(p.Alpha + recency))));
            }

            return total;
        }

        var (best, logLikelihood) = ModelFit.Maximise("MBG/NBD", LogLikelihood, [0, Math.Log(SummaryData.MeanT(summaries)), 0, 0], summaries.Count, maxIterations);
        return new ModifiedBgNbdModel(new BgNbdParameters(best[0], best[1], best[2], best[3]), logLikelihood);
    }

    /// <summary>
    /// One customer's MBG/NBD log-likelihood: B(a, b + x + 1)/B(a, b) · NBD(x | T) for a customer still alive at T, plus
    /// B(a + 1, b + x)/B(a, b) · NBD(x | t_x) for one who dropped out at the last purchase (also when x = 0).
    /// </summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="frequency">x.</param>
    /// <param name="recency">t_x.</param>
    /// <param name="t">T.</param>
    /// <returns>The log-likelihood.</returns>
    public static double CustomerLogLikelihood(BgNbdParameters parameters, int frequency, double recency, double t)
    {
        var (r, alpha, _, _) = parameters;
        var x = frequency;
        var (common, alive, gone) = Terms(parameters, x);
        return common + SpecialFunctions.LogSumExp(alive - ((r + x) * Math.Log(alpha + t)), gone - ((r + x) * Math.Log(alpha + recency)));
    }

    /// <summary>The terms of the likelihood that depend on x alone: the common factor, and the Beta factors of alive and gone.</summary>
    private static (double Common, double Alive, double Gone) Terms(BgNbdParameters parameters, int x)
    {
        var (r, alpha, a, b) = parameters;
        var common = SpecialFunctions.LogGamma(r + x) - SpecialFunctions.LogGamma(r) + (r * Math.Log(alpha)) - SpecialFunctions.LogBeta(a, b);
        return (common, SpecialFunctions.LogBeta(a, b + x + 1), SpecialFunctions.LogBeta(a + 1, b + x));
    }

    /// <summary>P(alive | x, t_x, T) = 1 / (1 + a/(b + x) · ((α + T)/(α + t_x))^(r+x)): below 1 even for a one-time buyer.</summary>
    /// <param name="frequency">x.</param>
    /// <param name="recency">t_x.</param>
    /// <param name="t">T.</param>
    /// <returns>The probability, in [0, 1].</returns>
    public double ProbabilityAlive(int frequency, double recency, double t)
    {
        var (r, alpha, a, b) = Parameters;
        var logRatio = Math.Log(a) - Math.Log(b + frequency) + ((r + frequency) * (Math.Log(alpha + t) - Math.Log(alpha + recency)));
        return logRatio > 700 ? 0 : 1 / (1 + Math.Exp(logRatio));
    }

    /// <summary>
    /// P(no purchase in the next <paramref name="duration"/> periods | x, t_x, T) = 1 − P(alive) + P(alive) ·
    /// ((α + T)/(α + T + t))^(r + x): gone, or alive with a purchase rate λ (Gamma(r + x, α + T) given the history) that
    /// brings no purchase. A churn probability for a horizon.
    /// </summary>
    /// <param name="duration">t, in periods.</param>
    /// <param name="frequency">x.</param>
    /// <param name="recency">t_x.</param>
    /// <param name="t">T.</param>
    /// <returns>The probability, in [0, 1].</returns>
    public double ProbabilityNoPurchase(double duration, int frequency, double recency, double t) =>
        BgNbdModel.NoPurchase(Parameters, ProbabilityAlive(frequency, recency, t), duration, frequency, t);

    /// <summary>
    /// E[Y(t) | x, t_x, T] = (a + b + x)/(a − 1) · [1 − ((α + T)/(α + T + t))^(r+x) · 2F1(r + x, b + x + 1; a + b + x;
    /// t/(α + T + t))] · P(alive): the expected purchases in the next <paramref name="duration"/> periods (a &gt; 1).
    /// </summary>
    /// <param name="duration">t, in periods.</param>
    /// <param name="frequency">x.</param>
    /// <param name="recency">t_x.</param>
    /// <param name="t">T.</param>
    /// <returns>The expected number of purchases.</returns>
    public double ExpectedPurchases(double duration, int frequency, double recency, double t)
    {
        var (r, alpha, a, b) = Parameters;
        var x = frequency;
        var power = Math.Exp((r + x) * (Math.Log(alpha + t) - Math.Log(alpha + t + duration)));
        var hypergeometric = SpecialFunctions.Hypergeometric2F1(r + x, b + x + 1, a + b + x, duration / (alpha + t + duration));
        return (a + b + x) / (a - 1) * (1 - (power * hypergeometric)) * ProbabilityAlive(x, recency, t);
    }

    /// <summary>E[X(t)] = b/(a − 1) · [1 − (α/(α + t))^r · 2F1(r, b + 1; a + b; t/(α + t))]: a new customer's expected purchases after the first (a &gt; 1).</summary>
    /// <param name="duration">t, in periods.</param>
    /// <returns>The expected number of purchases.</returns>
    public double ExpectedPurchases(double duration)
    {
        var (r, alpha, a, b) = Parameters;
        var power = Math.Exp(r * (Math.Log(alpha) - Math.Log(alpha + duration)));
        return b / (a - 1) * (1 - (power * SpecialFunctions.Hypergeometric2F1(r, b + 1, a + b, duration / (alpha + duration))));
    }
}
