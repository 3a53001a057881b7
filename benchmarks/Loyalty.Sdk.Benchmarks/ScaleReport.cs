using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Loyalty.Sdk.Benchmarks;

/// <summary>
/// Turns a scale-curve run (BenchmarkDotNet's CSV report and scale-build.csv) into benchmarks/results/ScaleCurve.md
/// (tables: medians per size, growth from the smallest size to the largest, import rate and bytes per entry) and
/// ScaleCurve.svg (median against members, log-log, one line per operation and store).
/// </summary>
public static class ScaleReport
{
    public static void Write(string artifacts, string results, string command)
    {
        // A run's CSV, or several: a long curve may be run a store or a size at a time, each run's CSV kept as
        // *ScaleCurveBenchmarks-report*.csv (for example renamed to ...-report-sqlite.csv) before the next one.
        var medians = new List<(string Method, string Store, int Members, double Micros)>();
        foreach (var file in Directory.GetFiles(Path.Combine(artifacts, "results"), "*ScaleCurveBenchmarks-report*.csv").Order(StringComparer.Ordinal))
        {
            var rows = ReadCsv(file);
            var header = rows[0];
            int Column(string name) => Array.IndexOf(header, name);
            medians.AddRange(rows.Skip(1).Select(r => (r[Column("Method")], r[Column("Store")], int.Parse(r[Column("Members")], NumberStyles.AllowThousands, CultureInfo.InvariantCulture), Micros(r[Column("Median")]))));
        }

        var builds = File.Exists(Path.Combine(artifacts, "scale", "scale-build.csv"))
            ? File.ReadAllLines(Path.Combine(artifacts, "scale", "scale-build.csv")).Select(l => l.Split(',')).Select(f => (Store: f[0], Members: int.Parse(f[1], CultureInfo.InvariantCulture), Entries: long.Parse(f[2], CultureInfo.InvariantCulture), Rate: double.Parse(f[3], CultureInfo.InvariantCulture), Bytes: long.Parse(f[4], CultureInfo.InvariantCulture))).ToList()
            : [];

        var md = new StringBuilder();
        md.AppendLine("# Scale curve").AppendLine();
        md.AppendLine("Reproduce: `" + command + "`, then `dotnet run -c Release --project benchmarks/Loyalty.Sdk.Benchmarks -- scale-report`.").AppendLine();
        foreach (var store in medians.Select(m => m.Store).Distinct())
        {
            var sizes = medians.Where(m => m.Store == store).Select(m => m.Members).Distinct().Order().ToList();
            md.AppendLine($"## {store}").AppendLine();
            md.AppendLine("| operation | " + string.Join(" | ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture) + " members")) + $" | largest / smallest |");
            md.AppendLine("|---|" + string.Concat(sizes.Select(_ => "---:|")) + "---:|");
            foreach (var method in medians.Select(m => m.Method).Distinct())
            {
                var cells = sizes.Select(s => medians.FirstOrDefault(m => m.Store == store && m.Method == method && m.Members == s).Micros).ToList();
                md.AppendLine($"| {method} | " + string.Join(" | ", cells.Select(Format)) + $" | {cells[^1] / cells[0]:F2}× |");
            }

            md.AppendLine();
            var built = builds.Where(b => b.Store == store).OrderBy(b => b.Members).ToList();
            if (built.Count > 0)
            {
                md.AppendLine("| members | entries | import (commands/s) | bytes on disk | bytes per entry |");
                md.AppendLine("|---:|---:|---:|---:|---:|");
                foreach (var b in built)
                {
                    md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {b.Members:N0} | {b.Entries:N0} | {b.Rate:N0} | {b.Bytes:N0} | {(double)b.Bytes / b.Entries:N0} |"));
                }

                md.AppendLine();
            }
        }

        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "ScaleCurve.md"), md.ToString());
        File.WriteAllText(Path.Combine(results, "ScaleCurve.svg"), Svg(medians));
        Console.WriteLine($"Wrote {Path.Combine(results, "ScaleCurve.md")} and ScaleCurve.svg");
    }

    /// <summary>A log-log chart: median time per operation against members, one panel per store.</summary>
    public static string Svg(IReadOnlyList<(string Method, string Store, int Members, double Micros)> medians)
    {
        const int width = 560, height = 380, left = 70, right = 170, top = 30, bottom = 50;
        string[] colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
        var stores = medians.Select(m => m.Store).Distinct().ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width * stores.Count}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">");
        var minX = Math.Log10(medians.Min(m => m.Members));
        var maxX = Math.Max(minX + 1, Math.Log10(medians.Max(m => m.Members)));
        var minY = Math.Floor(Math.Log10(medians.Min(m => m.Micros)));
        var maxY = Math.Ceiling(Math.Log10(medians.Max(m => m.Micros)));
        for (var p = 0; p < stores.Count; p++)
        {
            var ox = p * width;
            double X(double members) => ox + left + ((Math.Log10(members) - minX) / (maxX - minX) * (width - left - right));
            double Y(double micros) => top + ((maxY - Math.Log10(micros)) / Math.Max(1, maxY - minY) * (height - top - bottom));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{ox + left}\" y=\"18\" font-size=\"13\">{stores[p]}: median time per operation (log-log)</text>");
            for (var e = minY; e <= maxY; e++)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{ox + left}\" x2=\"{ox + width - right}\" y1=\"{Y(Math.Pow(10, e)):F1}\" y2=\"{Y(Math.Pow(10, e)):F1}\" stroke=\"#ddd\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{ox + left - 6}\" y=\"{Y(Math.Pow(10, e)) + 4:F1}\" text-anchor=\"end\">{Format(Math.Pow(10, e))}</text>");
            }

            foreach (var size in medians.Select(m => m.Members).Distinct())
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(size):F1}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\">{size:N0}</text>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{ox + ((left + width - right) / 2)}\" y=\"{height - 12}\" text-anchor=\"middle\">members (10 entries each)</text>");
            var methods = medians.Where(m => m.Store == stores[p]).Select(m => m.Method).Distinct().ToList();
            for (var k = 0; k < methods.Count; k++)
            {
                var points = medians.Where(m => m.Store == stores[p] && m.Method == methods[k]).OrderBy(m => m.Members).ToList();
                var colour = colours[k % colours.Length];
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(" ", points.Select(q => string.Create(CultureInfo.InvariantCulture, $"{X(q.Members):F1},{Y(q.Micros):F1}")))}\"/>");
                foreach (var q in points)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(q.Members):F1}\" cy=\"{Y(q.Micros):F1}\" r=\"3\" fill=\"{colour}\"/>");
                }

                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{ox + width - right + 12}\" y=\"{top + (k * 16)}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{ox + width - right + 26}\" y=\"{top + (k * 16) + 9}\">{methods[k]}</text>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A BenchmarkDotNet time cell ("1,234.5 μs") in microseconds.</summary>
    public static double Micros(string cell)
    {
        var parts = cell.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var value = double.Parse(parts[0], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        return parts.Length < 2 ? value / 1_000 : parts[1] switch
        {
            "ns" => value / 1_000,
            "μs" or "us" => value,
            "ms" => value * 1_000,
            "s" => value * 1_000_000,
            _ => throw new FormatException($"Unknown unit in '{cell}'."),
        };
    }

    private static string Format(double micros) => micros switch
    {
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000:0.##} s"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000:0.##} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{micros:0.##} µs"),
    };

    private static List<string[]> ReadCsv(string path) =>
        File.ReadAllLines(path).Select(line => SplitCsv(line).ToArray()).ToList();

    private static IEnumerable<string> SplitCsv(string line)
    {
        var field = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                yield return field.ToString();
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        yield return field.ToString();
    }
}
