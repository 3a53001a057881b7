using System;
using Loyalty.Sdk.Analytics.Churn;

namespace Loyalty.Sdk.Analytics.Value;

/// <summary>What the value models' fits share: positive parameters, and Nelder–Mead over their logarithms.</summary>
internal static class ModelFit
{
    /// <summary>Checks that every parameter is finite and greater than zero.</summary>
    /// <exception cref="ArgumentOutOfRangeException">One is not.</exception>
    public static void RequirePositive(string model, object parameters, params ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(parameters), parameters, $"{model} parameters must be finite and greater than zero.");
            }
        }
    }

    /// <summary>
    /// Maximises a total log-likelihood over positive parameters (Nelder–Mead on their logarithms, the mean over
    /// <paramref name="customers"/> minimised); returns the parameters and the total log-likelihood there.
    /// </summary>
    /// <exception cref="ModelFitException">The optimum is not finite.</exception>
    public static (double[] Parameters, double LogLikelihood) Maximise(string model, Func<double[], double> logLikelihood, double[] start, int customers, int maxIterations, bool coarse = false, double size = FitTolerance.Size, double spread = FitTolerance.Spread)
    {
        var parameters = new double[start.Length];
        double Objective(ReadOnlySpan<double> log)
        {
            for (var i = 0; i < log.Length; i++)
            {
                parameters[i] = Math.Exp(log[i]);
            }

            var value = -logLikelihood(parameters) / customers;
            return double.IsFinite(value) ? value : double.MaxValue;
        }

        var (best, minimum, _) = NelderMead.Minimise(Objective, start, maxIterations, size, spread, coarse);
        var result = Array.ConvertAll(best, Math.Exp);
        if (minimum == double.MaxValue || Array.Exists(result, p => !double.IsFinite(p) || p <= 0))
        {
            throw new ModelFitException($"The {model} fit did not reach finite parameters; the data may be degenerate.");
        }

        return (result, -minimum * customers);
    }
}
