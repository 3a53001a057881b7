using System;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>
/// The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way": fitted by maximum
/// likelihood (a log-space likelihood with log-gamma and log-beta, maximised by Nelder–Mead over log-parameters),
/// with P(alive), conditional and unconditional expected purchases, and P(X(t) = n).
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class BgNbdModel
{
    /// <summary>Initializes a new instance of the <see cref="BgNbdModel"/> class from known parameters.</summary>
    /// <param name="parameters">The parameters, all finite and greater than zero.</param>
    /// <param name="logLikelihood">The log-likelihood they reached, if known.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite and positive.</exception>
    public BgNbdModel(BgNbdParameters parameters, double logLikelihood = double.NaN)
    {
        foreach (var p in new[] { parameters.R, parameters.Alpha, parameters.A, parameters.B })
        {
            if (!double.IsFinite(p) || p <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(parameters), parameters, "BG/NBD parameters must be finite and greater than zero.");
            }
        }

        Parameters = parameters;
        LogLikelihood = logLikelihood;
    }

    /// <summary>Gets the parameters.</summary>
    public BgNbdParameters Parameters { get; }

    /// <summary>Gets the log-likelihood of the data the model was fitted to (NaN when built from parameters).</summary>
    public double LogLikelihood { get; }

    /// <summary>Gets the Nelder–Mead iterations the fit took (0 when built from parameters).</summary>
    public int Iterations { get; private init; }

    /// <summary>Fits the model to customer summaries by maximum likelihood.</summary>
    /// <param name="summaries">The summaries.</param>
    /// <param name="options">The options, or <see langword="null"/> for plain maximum likelihood.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ModelFitException">There are no summaries, no customer has a repeat purchase, a value is not finite or negative, or the optimiser did not find finite parameters.</exception>
    public static BgNbdModel Fit(IReadOnlyList<CustomerSummary> summaries, BgNbdFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        options ??= new BgNbdFitOptions();
        if (summaries.Count == 0)
        {
            throw new ModelFitException("BG/NBD cannot be fitted to no customers.");
        }

        var data = new FitData(summaries);
        if (!double.IsFinite(options.Penalty) || options.Penalty < 0)
        {
            throw new ModelFitException($"The penalty must be finite and non-negative; it is {options.Penalty}.");
        }

        double Objective(ReadOnlySpan<double> logParameters)
        {
            var r = Math.Exp(logParameters[0]);
            var alpha = Math.Exp(logParameters[1]);
            var a = Math.Exp(logParameters[2]);
            var b = Math.Exp(logParameters[3]);
            var ll = data.LogLikelihood(r, alpha, a, b);
            var value = (-ll / data.Customers) + (options.Penalty * ((r * r) + (alpha * alpha) + (a * a) + (b * b)));
            return double.IsFinite(value) ? value : double.MaxValue;
        }

        // Start where the literature's fits land on typical data: r, a around 1, α near the mean age, b around 1.
        double[] start = [0, Math.Log(Math.Max(data.MeanT, 1e-3)), 0, 0];
        var (best, value, iterations) = NelderMead.Minimise(Objective, start, options.MaxIterations);
        var parameters = new BgNbdParameters(Math.Exp(best[0]), Math.Exp(best[1]), Math.Exp(best[2]), Math.Exp(best[3]));
        if (value == double.MaxValue || !double.IsFinite(parameters.R) || !double.IsFinite(parameters.Alpha) || !double.IsFinite(parameters.A) || !double.IsFinite(parameters.B) ||
            parameters.R <= 0 || parameters.Alpha <= 0 || parameters.A <= 0 || parameters.B <= 0)
        {
            throw new ModelFitException("The BG/NBD fit did not reach finite parameters; the data may be degenerate.");
        }

        return new BgNbdModel(parameters, data.LogLikelihood(parameters.R, parameters.Alpha, parameters.A, parameters.B)) { Iterations = iterations };
    }

    /// <summary>One customer's BG/NBD log-likelihood (Fader, Hardie &amp; Lee 2005, eq. 6, in log space).</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="frequency">x.</param>
    /// <param name="recency">t_x.</param>
    /// <param name="t">T.</param>
    /// <returns>The log-likelihood.</returns>
    public static double CustomerLogLikelihood(BgNbdParameters parameters, int frequency, double recency, double t)
    {
        var (r, alpha, a, b) = parameters;
        var x = frequency;
        var common = SpecialFunctions.LogGamma(r + x) - SpecialFunctions.LogGamma(r) + (r * Math.Log(alpha)) +
            SpecialFunctions.LogBeta(a, b + x) - SpecialFunctions.LogBeta(a, b);
        var stays = -(r + x) * Math.Log(alpha + t);
        var drops = x > 0 ? Math.Log(a) - Math.Log(b + x - 1) - ((r + x) * Math.Log(alpha + recency)) : double.NegativeInfinity;
        return common + SpecialFunctions.LogSumExp(stays, drops);
    }

    /// <summary>P(alive | x, t_x, T): the probability the customer has not dropped out (1 for x = 0). Computed in log space, so it never overflows.</summary>
    /// <param name="frequency">x.</param>
    /// <param name="recency">t_x.</param>
    /// <param name="t">T.</param>
    /// <returns>The probability, in [0, 1].</returns>
    public double ProbabilityAlive(int frequency, double recency, double t)
    {
        if (frequency == 0)
        {
            return 1;
        }

        var (r, alpha, a, b) = Parameters;
        var logRatio = Math.Log(a) - Math.Log(b + frequency - 1) + ((r + frequency) * (Math.Log(alpha + t) - Math.Log(alpha + recency)));
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
        NoPurchase(Parameters, ProbabilityAlive(frequency, recency, t), duration, frequency, t);

    /// <summary>
    /// 1 − P(alive) + P(alive) · ((α + T)/(α + T + t))^(r + x): what BG/NBD and MBG/NBD share once P(alive) is known,
    /// since in both the purchase rate given the history is Gamma(r + x, α + T).
    /// </summary>
    internal static double NoPurchase(BgNbdParameters parameters, double alive, double duration, int frequency, double t)
    {
        var (r, alpha, _, _) = parameters;
        var none = Math.Exp((r + frequency) * (Math.Log(alpha + t) - Math.Log(alpha + t + duration)));
        return Math.Clamp(1 - alive + (alive * none), 0, 1);
    }

    /// <summary>E[Y(t) | x, t_x, T]: the expected purchases in the next <paramref name="duration"/> periods (eq. 10).</summary>
    /// <param name="duration">t, in periods.</param>
    /// <param name="frequency">x.</param>
    /// <param name="recency">t_x.</param>
    /// <param name="t">T.</param>
    /// <returns>The expected number of purchases.</returns>
    public double ExpectedPurchases(double duration, int frequency, double recency, double t)
    {
        var (r, alpha, a, b) = Parameters;
        var x = frequency;
        var z = duration / (alpha + t + duration);
        var power = Math.Exp((r + x) * (Math.Log(alpha + t) - Math.Log(alpha + t + duration)));
        var numerator = (a + b + x - 1) / (a - 1) * (1 - (power * SpecialFunctions.Hypergeometric2F1(r + x, b + x, a + b + x - 1, z)));
        return numerator * ProbabilityAlive(x, recency, t);
    }

    /// <summary>E[X(t)]: the expected purchases of a new customer in <paramref name="duration"/> periods (eq. 7).</summary>
    /// <param name="duration">t, in periods.</param>
    /// <returns>The expected number of purchases.</returns>
    public double ExpectedPurchases(double duration)
    {
        var (r, alpha, a, b) = Parameters;
        var power = Math.Exp(r * (Math.Log(alpha) - Math.Log(alpha + duration)));
        return (a + b - 1) / (a - 1) * (1 - (power * SpecialFunctions.Hypergeometric2F1(r, b, a + b - 1, duration / (alpha + duration))));
    }

    /// <summary>P(X(t) = n): the probability that a new customer makes exactly <paramref name="purchases"/> purchases in <paramref name="duration"/> periods (eq. 8).</summary>
    /// <param name="duration">t, in periods.</param>
    /// <param name="purchases">n ≥ 0.</param>
    /// <returns>The probability.</returns>
    public double ProbabilityOfPurchases(double duration, int purchases)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(purchases);
        var (r, alpha, a, b) = Parameters;
        var n = purchases;
        var logStay = Math.Log(alpha) - Math.Log(alpha + duration);
        var logRate = Math.Log(duration) - Math.Log(alpha + duration);
        double LogNegBin(int j) => SpecialFunctions.LogGamma(r + j) - SpecialFunctions.LogGamma(r) - SpecialFunctions.LogGamma(j + 1) + (r * logStay) + (j * logRate);
        var first = Math.Exp(SpecialFunctions.LogBeta(a, b + n) - SpecialFunctions.LogBeta(a, b) + LogNegBin(n));
        if (n == 0)
        {
            return first;
        }

        var sum = 0.0;
        for (var j = 0; j < n; j++)
        {
            sum += Math.Exp(LogNegBin(j));
        }

        return first + (Math.Exp(SpecialFunctions.LogBeta(a + 1, b + n - 1) - SpecialFunctions.LogBeta(a, b)) * (1 - sum));
    }

    /// <summary>The data of a fit, grouped for speed: customers without repeats by T, the others one by one, with per-x constants.</summary>
    private sealed class FitData
    {
        private readonly (double T, int Count)[] _zeros;
        private readonly (int X, double Recency, double T)[] _repeaters;
        private readonly (int X, int Count)[] _frequencies;

        public FitData(IReadOnlyList<CustomerSummary> summaries)
        {
            var zeros = new Dictionary<double, int>();
            var repeaters = new List<(int, double, double)>();
            var frequencies = new Dictionary<int, int>();
            var sumT = 0.0;
            foreach (var s in summaries)
            {
                Value.SummaryData.Validate(s);
                sumT += s.T;
                frequencies[s.Frequency] = frequencies.GetValueOrDefault(s.Frequency) + 1;
                if (s.Frequency == 0)
                {
                    zeros[s.T] = zeros.GetValueOrDefault(s.T) + 1;
                }
                else
                {
                    repeaters.Add((s.Frequency, s.Recency, s.T));
                }
            }

            if (repeaters.Count == 0)
            {
                throw Value.SummaryData.NoRepeatPurchase("BG/NBD");
            }

            _zeros = [.. zeros.Select(kv => (kv.Key, kv.Value))];
            _repeaters = [.. repeaters];
            _frequencies = [.. frequencies.Select(kv => (kv.Key, kv.Value))];
            Customers = summaries.Count;
            MeanT = sumT / summaries.Count;
        }

        public int Customers { get; }

        public double MeanT { get; }

        public double LogLikelihood(double r, double alpha, double a, double b)
        {
            // Terms that depend on x only: Σ over customers of ln Γ(r + x) − ln Γ(r) + ln B(a, b + x) − ln B(a, b).
            var logAlpha = Math.Log(alpha);
            var lgR = SpecialFunctions.LogGamma(r);
            var lbAB = SpecialFunctions.LogBeta(a, b);
            var total = 0.0;
            foreach (var (x, count) in _frequencies)
            {
                total += count * (SpecialFunctions.LogGamma(r + x) - lgR + SpecialFunctions.LogBeta(a, b + x) - lbAB + (r * logAlpha));
            }

            foreach (var (t, count) in _zeros)
            {
                total -= count * r * Math.Log(alpha + t);
            }

            var logA = Math.Log(a);
            foreach (var (x, recency, t) in _repeaters)
            {
                var stays = -(r + x) * Math.Log(alpha + t);
                var drops = logA - Math.Log(b + x - 1) - ((r + x) * Math.Log(alpha + recency));
                total += SpecialFunctions.LogSumExp(stays, drops);
            }

            return total;
        }
    }
}
