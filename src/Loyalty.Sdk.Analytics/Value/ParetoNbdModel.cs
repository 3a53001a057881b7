using System;
using System.Collections.Generic;
using Loyalty.Sdk.Analytics.Churn;

namespace Loyalty.Sdk.Analytics.Value;

/// <summary>
/// The Pareto/NBD model of Schmittlein, Morrison &amp; Colombo (1987): while alive a customer buys at a Poisson rate
/// (Gamma(r, α) across customers) and dies at an exponential time (rate Gamma(s, β) across customers). Fitted by
/// maximum likelihood (the likelihood of Fader, Hardie &amp; Lee's 2005 note "A Note on Deriving the Pareto/NBD Model
/// and Related Expressions", in log space, with the Gaussian hypergeometric function), maximised by Nelder–Mead over
/// log-parameters; with P(alive) and conditional expected purchases.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class ParetoNbdModel
{
    /// <summary>Initializes a new instance of the <see cref="ParetoNbdModel"/> class from known parameters.</summary>
    /// <param name="parameters">The parameters, all finite and greater than zero.</param>
    /// <param name="logLikelihood">The log-likelihood they reached, if known.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite and positive.</exception>
    public ParetoNbdModel(ParetoNbdParameters parameters, double logLikelihood = double.NaN)
    {
        ModelFit.RequirePositive("Pareto/NBD", parameters, parameters.R, parameters.Alpha, parameters.S, parameters.Beta);
        Parameters = parameters;
        LogLikelihood = logLikelihood;
    }

    /// <summary>Gets the parameters.</summary>
    public ParetoNbdParameters Parameters { get; }

    /// <summary>Gets the log-likelihood of the data the model was fitted to (NaN when built from parameters).</summary>
    public double LogLikelihood { get; }

    /// <summary>Fits the model to customer summaries by maximum likelihood.</summary>
    /// <param name="summaries">The summaries (x, t_x and T in one time unit).</param>
    /// <param name="maxIterations">The most Nelder–Mead iterations.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ModelFitException">There are no summaries, no repeat purchase, an invalid summary, or no finite optimum.</exception>
    public static ParetoNbdModel Fit(IReadOnlyList<CustomerSummary> summaries, int maxIterations = 5000)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var data = SummaryData.Check(summaries, "Pareto/NBD");
        var likelihood = new ParetoNbdLikelihood(data);
        double LogLikelihood(double[] values) => likelihood.Evaluate(new ParetoNbdParameters(values[0], values[1], values[2], values[3]));

        var meanT = Math.Log(SummaryData.MeanT(summaries));
        var (best, logLikelihood) = ModelFit.Maximise("Pareto/NBD", LogLikelihood, [0, meanT, 0, meanT], summaries.Count, maxIterations, coarse: true, size: 3e-5, spread: 1e-10);
        return new ParetoNbdModel(new ParetoNbdParameters(best[0], best[1], best[2], best[3]), logLikelihood);
    }

    /// <summary>One customer's Pareto/NBD log-likelihood.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="frequency">x.</param>
    /// <param name="recency">t_x.</param>
    /// <param name="t">T.</param>
    /// <returns>The log-likelihood.</returns>
    public static double CustomerLogLikelihood(ParetoNbdParameters parameters, int frequency, double recency, double t) =>
        GroupLogLikelihood(parameters, frequency, recency, t, SpecialFunctions.LogGamma(parameters.R + frequency) - SpecialFunctions.LogGamma(parameters.R));

    /// <summary>The log-likelihood with ln Γ(r + x) − ln Γ(r) given.</summary>
    private static double GroupLogLikelihood(ParetoNbdParameters parameters, int x, double recency, double t, double logGammaRatio) =>
        logGammaRatio + (parameters.R * Math.Log(parameters.Alpha)) + (parameters.S * Math.Log(parameters.Beta)) +
        Died(parameters, x, recency, t, Math.Log(parameters.S / (parameters.R + parameters.S + x)));

    /// <summary>ln of the bracket: alive at T, or died between t_x and T.</summary>
    private static double Died(ParetoNbdParameters parameters, int x, double recency, double t, double logShare)
    {
        var (r, alpha, s, beta) = parameters;
        return ParetoNbdLikelihood.LogBracket(r, s, x, Math.Log(alpha + t), Math.Log(beta + t), logShare, LogA0(parameters, x, recency, t));
    }

    /// <summary>P(alive | x, t_x, T): the probability that the customer has not died by T.</summary>
    /// <param name="frequency">x.</param>
    /// <param name="recency">t_x.</param>
    /// <param name="t">T.</param>
    /// <returns>The probability, in [0, 1].</returns>
    public double ProbabilityAlive(int frequency, double recency, double t)
    {
        var (r, alpha, s, beta) = Parameters;
        var x = frequency;
        var logRatio = Math.Log(s / (r + s + x)) + ((r + x) * Math.Log(alpha + t)) + (s * Math.Log(beta + t)) + LogA0(Parameters, x, recency, t);
        return logRatio > 700 ? 0 : 1 / (1 + Math.Exp(logRatio));
    }

    /// <summary>E[Y(t) | x, t_x, T]: the expected purchases in the next <paramref name="duration"/> periods.</summary>
    /// <param name="duration">t, in periods.</param>
    /// <param name="frequency">x.</param>
    /// <param name="recency">t_x.</param>
    /// <param name="t">T.</param>
    /// <returns>The expected number of purchases.</returns>
    public double ExpectedPurchases(double duration, int frequency, double recency, double t)
    {
        var (r, alpha, s, beta) = Parameters;
        var rate = (r + frequency) / (alpha + t);
        var lifetime = Math.Abs(s - 1) < 1e-9
            ? (beta + t) * Math.Log((beta + t + duration) / (beta + t))
            : (beta + t) / (s - 1) * (1 - Math.Pow((beta + t) / (beta + t + duration), s - 1));
        return rate * lifetime * ProbabilityAlive(frequency, recency, t);
    }

    /// <summary>
    /// ln A0, the integral over death times between t_x and T: for α ≥ β, [F(z(t_x)) / (α + t_x)^(r+s+x) − F(z(T)) /
    /// (α + T)^(r+s+x)] with F = 2F1(r + s + x, s + 1; r + s + x + 1; ·) and z(u) = (α − β)/(α + u); for α &lt; β the same
    /// with the roles of α and β swapped and F's second argument r + x.
    /// </summary>
    private static double LogA0(ParetoNbdParameters parameters, int x, double recency, double t)
    {
        var (r, alpha, s, beta) = parameters;
        var (big, small) = alpha >= beta ? (alpha, beta) : (beta, alpha);
        // Where the series would need more than 10,000 terms (α and β far apart: a fit drifting towards no dropout),
        // the likelihood is NaN and the optimiser steps away, instead of summing for minutes.
        return ParetoNbdLikelihood.LogA0(ParetoNbdLikelihood.Term(r, s, alpha >= beta, big, small, x, recency), ParetoNbdLikelihood.Term(r, s, alpha >= beta, big, small, x, t));
    }
}
