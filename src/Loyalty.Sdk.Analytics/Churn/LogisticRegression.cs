using System;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>
/// L2-regularised logistic regression fitted by Newton's method on standardised features, deterministic and free of
/// native code. The loss is the summed log-loss plus λ/2 · ‖w‖² (the intercept is not penalised); rows are put
/// in a canonical order first, so the fit does not depend on the order they come in.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class LogisticRegression
{
    /// <summary>The most features a fit takes: Newton's method solves a square system of that size at every step.</summary>
    public const int MaxFeatures = 1024;

    private readonly double[] _means;
    private readonly double[] _scales;
    private readonly double[] _weights;

    private LogisticRegression(double[] means, double[] scales, double[] weights, double intercept, int iterations)
    {
        _means = means;
        _scales = scales;
        _weights = weights;
        Intercept = intercept;
        Iterations = iterations;
    }

    /// <summary>Gets the weights on the standardised features.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Gets the intercept.</summary>
    public double Intercept { get; }

    /// <summary>Gets the Newton steps the fit took.</summary>
    public int Iterations { get; }

    /// <summary>Fits the model.</summary>
    /// <param name="values">The features, row-major, <paramref name="width"/> per row.</param>
    /// <param name="width">The features per row.</param>
    /// <param name="labels">Per row: the label.</param>
    /// <param name="l2">λ, the L2 penalty (not negative).</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">The sizes do not match, there are more than <see cref="MaxFeatures"/> features, a value is not finite, λ is negative, or there are no rows.</exception>
    public static LogisticRegression Fit(ReadOnlySpan<double> values, int width, IReadOnlyList<bool> labels, double l2 = 1)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var n = labels.Count;
        if (width is < 1 or > MaxFeatures || n == 0 || values.Length != (long)n * width || !(l2 >= 0) || double.IsInfinity(l2))
        {
            throw new ArgumentException($"Give at least one row, 1 to {MaxFeatures} features, one value per row and feature, and a finite λ ≥ 0.", nameof(values));
        }

        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("Every feature value must be finite.", nameof(values));
            }
        }

        var rows = Canonical(values, width, labels);
        var x = new double[n * width];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            values.Slice(rows[i] * width, width).CopyTo(x.AsSpan(i * width, width));
            y[i] = labels[rows[i]] ? 1 : 0;
        }

        var (means, scales) = Standardise(x, width, n);
        var dim = width + 1; // the intercept last
        var beta = new double[dim];
        var hessian = new double[dim * dim];
        var gradient = new double[dim];
        var row = new double[dim];
        var iterations = 0;
        for (; iterations < 100; iterations++)
        {
            Array.Clear(hessian);
            Array.Clear(gradient);
            for (var i = 0; i < n; i++)
            {
                x.AsSpan(i * width, width).CopyTo(row);
                row[width] = 1;
                var p = Sigmoid(Dot(beta, row));
                var w = Math.Max(p * (1 - p), 1e-12);
                for (var a = 0; a < dim; a++)
                {
                    gradient[a] += (p - y[i]) * row[a];
                    for (var b = 0; b <= a; b++)
                    {
                        hessian[(a * dim) + b] += w * row[a] * row[b];
                    }
                }
            }

            for (var a = 0; a < width; a++)
            {
                gradient[a] += l2 * beta[a];
                hessian[(a * dim) + a] += l2;
            }

            hessian[(width * dim) + width] += 1e-9; // keeps the intercept solvable when every label is the same
            var step = SolveCholesky(hessian, gradient, dim);

            // Damped: halve the step until the loss falls, so separable data (whose weights grow without bound
            // when λ = 0) stops at finite weights instead of overflowing.
            var loss = Loss(x, y, beta, width, l2);
            var scale = 1.0;
            var improved = false;
            var trial = new double[dim];
            for (var halving = 0; halving < 40 && !improved; halving++, scale /= 2)
            {
                for (var a = 0; a < dim; a++)
                {
                    trial[a] = beta[a] - (scale * step[a]);
                }

                improved = Loss(x, y, trial, width, l2) is var next && double.IsFinite(next) && next <= loss;
            }

            var size = 0.0;
            for (var a = 0; a < dim && improved; a++)
            {
                size = Math.Max(size, Math.Abs(trial[a] - beta[a]));
                beta[a] = trial[a];
            }

            if (!improved || size < 1e-10)
            {
                iterations++;
                break;
            }
        }

        return new LogisticRegression(means, scales, beta[..width], beta[width], iterations);
    }

    /// <summary>The probability of the positive label for one row of (raw, unstandardised) features.</summary>
    /// <param name="features">The features.</param>
    /// <returns>A probability in [0, 1].</returns>
    /// <exception cref="ArgumentException">The row has the wrong number of features.</exception>
    public double Predict(ReadOnlySpan<double> features)
    {
        if (features.Length != _weights.Length)
        {
            throw new ArgumentException($"The model takes {_weights.Length} features; got {features.Length}.", nameof(features));
        }

        var z = Intercept;
        for (var j = 0; j < features.Length; j++)
        {
            z += _weights[j] * ((features[j] - _means[j]) / _scales[j]);
        }

        return Sigmoid(z);
    }

    /// <summary>The summed log-loss plus λ/2 · ‖w‖², with log(1 + e^z) computed without overflow.</summary>
    private static double Loss(double[] x, double[] y, double[] beta, int width, double l2)
    {
        var loss = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            var z = beta[width];
            for (var j = 0; j < width; j++)
            {
                z += beta[j] * x[(i * width) + j];
            }

            loss += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - (y[i] * z);
        }

        for (var j = 0; j < width; j++)
        {
            loss += l2 / 2 * beta[j] * beta[j];
        }

        return loss;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>Row indexes sorted by the rows' values, then label: the same multiset of rows gives the same order.</summary>
    private static int[] Canonical(ReadOnlySpan<double> values, int width, IReadOnlyList<bool> labels)
    {
        var copy = values.ToArray();
        var order = Enumerable.Range(0, labels.Count).ToArray();
        Array.Sort(order, (i, j) =>
        {
            for (var k = 0; k < width; k++)
            {
                var c = copy[(i * width) + k].CompareTo(copy[(j * width) + k]);
                if (c != 0)
                {
                    return c;
                }
            }

            return labels[i].CompareTo(labels[j]);
        });
        return order;
    }

    private static (double[] Means, double[] Scales) Standardise(double[] x, int width, int n)
    {
        var (means, scales) = (new double[width], new double[width]);
        for (var j = 0; j < width; j++)
        {
            double sum = 0, squares = 0;
            for (var i = 0; i < n; i++)
            {
                sum += x[(i * width) + j];
            }

            var mean = sum / n;
            for (var i = 0; i < n; i++)
            {
                var d = x[(i * width) + j] - mean;
                squares += d * d;
            }

            var sd = Math.Sqrt(squares / n);
            (means[j], scales[j]) = (mean, sd > 1e-12 ? sd : 1);
            for (var i = 0; i < n; i++)
            {
                x[(i * width) + j] = (x[(i * width) + j] - mean) / scales[j];
            }
        }

        return (means, scales);
    }

    /// <summary>Solves H s = g for a symmetric positive-definite H given by its lower triangle.</summary>
    private static double[] SolveCholesky(double[] h, double[] g, int dim)
    {
        var l = new double[dim * dim];
        for (var i = 0; i < dim; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = h[(i * dim) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[(i * dim) + k] * l[(j * dim) + k];
                }

                l[(i * dim) + j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-300)) : sum / l[(j * dim) + j];
            }
        }

        var z = new double[dim];
        for (var i = 0; i < dim; i++)
        {
            var sum = g[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[(i * dim) + k] * z[k];
            }

            z[i] = sum / l[(i * dim) + i];
        }

        var s = new double[dim];
        for (var i = dim - 1; i >= 0; i--)
        {
            var sum = z[i];
            for (var k = i + 1; k < dim; k++)
            {
                sum -= l[(k * dim) + i] * s[k];
            }

            s[i] = sum / l[(i * dim) + i];
        }

        return s;
    }
}
