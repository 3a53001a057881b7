using System;
using System.Collections.Generic;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// A row filter on one column: <c>--include COL=V1,V2</c> keeps only rows whose value is listed, <c>--exclude COL=V1,V2</c>
/// drops rows whose value is listed (values compared after trimming, ignoring case). The rows a filter sets aside are
/// counted and reported, never dropped silently.
/// </summary>
/// <param name="Option">The option as given, for the report.</param>
/// <param name="Column">The column name.</param>
/// <param name="Values">The listed values.</param>
/// <param name="Include">Whether listed values are kept (otherwise they are dropped).</param>
internal sealed record RowFilter(string Option, string Column, IReadOnlySet<string> Values, bool Include)
{
    /// <summary>Parses <c>COL=V1,V2</c>.</summary>
    /// <exception cref="UsageException">The text is not of that form.</exception>
    public static RowFilter Parse(string text, bool include)
    {
        var option = include ? "--include" : "--exclude";
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new UsageException($"{option} '{text}': give COLUMN=VALUE[,VALUE…], such as {option} Country=France,Germany.");
        }

        var values = new HashSet<string>(text[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
        return new RowFilter($"{option} {text}", text[..equals].Trim(), values, include);
    }

    /// <summary>Whether a row with this value passes the filter.</summary>
    public bool Passes(string? value) => Values.Contains(value?.Trim() ?? string.Empty) == Include;
}
