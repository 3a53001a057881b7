using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Analytics.Churn;

namespace Loyalty.Sdk.Analytics.Value;

/// <summary>
/// The Gamma-Gamma spend model of Fader, Hardie &amp; Lee (2005, "RFM and CLV", and Fader &amp; Hardie's note 025): a
/// customer's transaction values are Gamma(p, ν) around their own mean, with ν Gamma(q, v) across customers, and
/// independent of how often they buy. Fitted by maximum likelihood on the customers with repeat transactions
/// (Nelder–Mead over log-parameters); gives each customer's expected transaction value E[M | x, z̄].
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class GammaGammaModel
{
    /// <summary>Initializes a new instance of the <see cref="GammaGammaModel"/> class from known parameters.</summary>
    /// <param name="parameters">The parameters, all finite and greater than zero, with q &gt; 1 (a finite mean).</param>
    /// <param name="logLikelihood">The log-likelihood they reached, if known.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public GammaGammaModel(GammaGammaParameters parameters, double logLikelihood = double.NaN)
    {
        if (!double.IsFinite(parameters.P) || !double.IsFinite(parameters.Q) || !double.IsFinite(parameters.V) || parameters.P <= 0 || parameters.Q <= 1 || parameters.V <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters, "Gamma-Gamma parameters must be finite, p and v greater than zero and q greater than one.");
        }

        Parameters = parameters;
        LogLikelihood = logLikelihood;
    }

    /// <summary>Gets the parameters.</summary>
    public GammaGammaParameters Parameters { get; }

    /// <summary>Gets the log-likelihood of the data the model was fitted to (NaN when built from parameters).</summary>
    public double LogLikelihood { get; }

    /// <summary>Gets the mean transaction value across customers, p·v / (q − 1): the expectation for a customer without repeats.</summary>
    public double PopulationMean => Parameters.P * Parameters.V / (Parameters.Q - 1);

    /// <summary>Fits the model by maximum likelihood to the customers with repeat transactions.</summary>
    /// <param name="spends">The spend summaries (those with x = 0 are ignored).</param>
    /// <param name="maxIterations">The most Nelder–Mead iterations.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ModelFitException">No customer has a repeat transaction, a mean spend is not finite and positive, or there is no finite optimum with q &gt; 1.</exception>
    public static GammaGammaModel Fit(IReadOnlyList<SpendSummary> spends, int maxIterations = 5000)
    {
        ArgumentNullException.ThrowIfNull(spends);
        var repeaters = spends.Where(s => s.Frequency > 0).ToArray();
        if (repeaters.Length == 0)
        {
            throw new ModelFitException("Gamma-Gamma cannot be fitted when no customer has a repeat transaction.");
        }

        foreach (var s in repeaters)
        {
            if (!double.IsFinite(s.MeanSpend) || s.MeanSpend <= 0)
            {
                throw new ModelFitException($"Customer {s.Customer} has a mean spend of {s.MeanSpend}: Gamma-Gamma needs positive values (returns net to zero or less are not spend).");
            }
        }

        // The terms of x alone (log-gammas) once per distinct x; the rest per customer, with ln z̄ and x·z̄ precomputed.
        var byX = repeaters.GroupBy(s => s.Frequency).Select(g => (X: g.Key, Count: g.Count())).ToArray();
        var customers = repeaters.Select(s => (X: (double)s.Frequency, LogSpend: Math.Log(s.MeanSpend), Total: s.Frequency * s.MeanSpend)).ToArray();
        var sumLogX = repeaters.Sum(s => s.Frequency * Math.Log(s.Frequency));
        double LogLikelihood(double[] values)
        {
            var (p, q, v) = (values[0], values[1], values[2]);
            var total = (repeaters.Length * ((q * Math.Log(v)) - SpecialFunctions.LogGamma(q))) + (p * sumLogX);
            foreach (var (x, count) in byX)
            {
                total += count * (SpecialFunctions.LogGamma((p * x) + q) - SpecialFunctions.LogGamma(p * x));
            }

            foreach (var (x, logSpend, sum) in customers)
            {
                total += (((p * x) - 1) * logSpend) - (((p * x) + q) * Math.Log(v + sum));
            }

            return total;
        }

        var mean = repeaters.Average(s => s.MeanSpend);
        var (best, logLikelihood) = ModelFit.Maximise("Gamma-Gamma", LogLikelihood, [0, Math.Log(2), Math.Log(mean)], repeaters.Length, maxIterations);
        if (best[1] <= 1)
        {
            throw new ModelFitException($"The Gamma-Gamma fit reached q = {best[1]}: spend has no finite mean under the model (q must be above 1).");
        }

        return new GammaGammaModel(new GammaGammaParameters(best[0], best[1], best[2]), logLikelihood);
    }

    /// <summary>One customer's log-likelihood of their mean spend z̄ over x transactions.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="frequency">x &gt; 0.</param>
    /// <param name="meanSpend">z̄ &gt; 0.</param>
    /// <returns>The log-likelihood.</returns>
    public static double CustomerLogLikelihood(GammaGammaParameters parameters, int frequency, double meanSpend)
    {
        var (p, q, v) = parameters;
        var px = p * frequency;
        return SpecialFunctions.LogGamma(px + q) - SpecialFunctions.LogGamma(px) - SpecialFunctions.LogGamma(q) + (q * Math.Log(v)) +
            ((px - 1) * Math.Log(meanSpend)) + (px * Math.Log(frequency)) - ((px + q) * Math.Log(v + (frequency * meanSpend)));
    }

    /// <summary>
    /// E[M | x, z̄]: the expected value of the customer's future transactions, a weighted mean of the population mean
    /// p·v/(q − 1) and the customer's own z̄, weighted towards z̄ as x grows; the population mean when x = 0.
    /// </summary>
    /// <param name="frequency">x.</param>
    /// <param name="meanSpend">z̄ (ignored when x = 0).</param>
    /// <returns>The expected transaction value.</returns>
    public double ExpectedSpend(int frequency, double meanSpend)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frequency);
        var (p, q, v) = Parameters;
        return frequency == 0 ? PopulationMean : p * (v + (frequency * meanSpend)) / ((p * frequency) + q - 1);
    }
}
