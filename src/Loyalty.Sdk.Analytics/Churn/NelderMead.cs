using System;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>The Nelder–Mead simplex minimiser (standard coefficients: reflection 1, expansion 2, contraction ½, shrink ½), with restarts.</summary>
internal static class NelderMead
{
    public delegate double Function(ReadOnlySpan<double> point);

    /// <summary>
    /// Minimises <paramref name="f"/> from <paramref name="start"/>; restarts once from the optimum to escape a collapsed
    /// simplex. It stops when the simplex is smaller than <paramref name="size"/> (in the units of the point: log-parameters
    /// make it relative) and its values agree to <paramref name="spread"/>, relatively.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="start">Where to start.</param>
    /// <param name="maxIterations">The most iterations of both runs together.</param>
    /// <param name="size">The simplex size at which to stop.</param>
    /// <param name="spread">The relative spread of values at which to stop.</param>
    /// <param name="coarse">Whether the first run stops early (a simplex of 1e-3, values to 1e-7): the restart then refines, in fewer evaluations overall.</param>
    public static (double[] Point, double Value, int Iterations) Minimise(Function f, double[] start, int maxIterations, double size = 1e-9, double spread = 1e-13, bool coarse = false)
    {
        var (point, value, iterations) = coarse ? Run(f, start, maxIterations, 0.5, 1e-3, 1e-7) : Run(f, start, maxIterations, 0.5, size, spread);
        var (again, againValue, more) = Run(f, point, Math.Max(1, maxIterations - iterations), 0.05, size, spread);
        return againValue <= value ? (again, againValue, iterations + more) : (point, value, iterations + more);
    }

    private static (double[] Point, double Value, int Iterations) Run(Function f, double[] start, int maxIterations, double step, double sizeTolerance, double spreadTolerance)
    {
        var n = start.Length;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        for (var i = 0; i <= n; i++)
        {
            simplex[i] = (double[])start.Clone();
            if (i > 0)
            {
                simplex[i][i - 1] += step;
            }

            values[i] = f(simplex[i]);
        }

        var centroid = new double[n];
        var trial = new double[n];
        var second = new double[n];
        var iteration = 0;
        for (; iteration < maxIterations; iteration++)
        {
            Array.Sort(values, simplex);
            var spread = Math.Abs(values[n] - values[0]);
            var size = 0.0;
            for (var i = 1; i <= n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    size = Math.Max(size, Math.Abs(simplex[i][j] - simplex[0][j]));
                }
            }

            if (spread <= spreadTolerance * (Math.Abs(values[0]) + 1e-13) && size <= sizeTolerance)
            {
                break;
            }

            Array.Clear(centroid);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    centroid[j] += simplex[i][j] / n;
                }
            }

            Towards(centroid, simplex[n], -1, trial);
            var reflected = f(trial);
            if (reflected < values[0])
            {
                Towards(centroid, simplex[n], -2, second);
                var expanded = f(second);
                if (expanded < reflected)
                {
                    Replace(simplex, values, n, second, expanded);
                }
                else
                {
                    Replace(simplex, values, n, trial, reflected);
                }

                continue;
            }

            if (reflected < values[n - 1])
            {
                Replace(simplex, values, n, trial, reflected);
                continue;
            }

            // Contract towards the better of the worst point and its reflection.
            var outside = reflected < values[n];
            Towards(centroid, outside ? trial : simplex[n], 0.5, second);
            var contracted = f(second);
            if (contracted < (outside ? reflected : values[n]))
            {
                Replace(simplex, values, n, second, contracted);
                continue;
            }

            for (var i = 1; i <= n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    simplex[i][j] = simplex[0][j] + (0.5 * (simplex[i][j] - simplex[0][j]));
                }

                values[i] = f(simplex[i]);
            }
        }

        Array.Sort(values, simplex);
        return (simplex[0], values[0], iteration);
    }

    /// <summary>result = centroid + factor × (point − centroid).</summary>
    private static void Towards(double[] centroid, double[] point, double factor, double[] result)
    {
        for (var j = 0; j < centroid.Length; j++)
        {
            result[j] = centroid[j] + (factor * (point[j] - centroid[j]));
        }
    }

    private static void Replace(double[][] simplex, double[] values, int index, double[] point, double value)
    {
        Array.Copy(point, simplex[index], point.Length);
        values[index] = value;
    }
}
