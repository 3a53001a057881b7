using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Cli;

/// <summary>Reads a delimited purchase export into columns, counting (never silently dropping) rows it cannot use.</summary>
internal static class PurchaseFile
{
    public const int BadRowsShown = 5;

    public static PurchaseFileContents Read(InputOptions options, TextWriter progress)
    {
        var parseTime = TimeParser(options.TimeFormat, options.Zone);
        using var rows = ExportRows.Open(options.Path, options.Delimiter);
        int Column(string? name, string option) => rows.Column(name, option);

        var customerColumn = Column(options.CustomerColumn, "--customer");
        var timeColumn = Column(options.TimeColumn, "--time");
        var orderColumn = Column(options.OrderColumn, "--order");
        var amountColumn = Column(options.AmountColumn, "--amount");
        var quantityColumn = Column(options.QuantityColumn, "--quantity");
        var unitPriceColumn = Column(options.UnitPriceColumn, "--unit-price");
        var statusColumn = Column(options.StatusColumn, "--status");
        var currencyColumn = Column(options.CurrencyColumn, "--currency");
        var categoryColumn = Column(options.CategoryColumn, "--category");
        var productColumn = Column(options.ProductColumn, "--product");
        var filterColumns = options.Filters.Select(f => Column(f.Column, f.Option)).ToArray();
        rows.Require(customerColumn, ColumnKind.Text, "--customer");
        rows.Require(timeColumn, ColumnKind.Time, "--time");
        rows.Require(orderColumn, ColumnKind.Text, "--order");
        rows.Require(amountColumn, ColumnKind.Number, "--amount");
        rows.Require(quantityColumn, ColumnKind.Number, "--quantity");
        rows.Require(unitPriceColumn, ColumnKind.Number, "--unit-price");
        rows.Require(categoryColumn, ColumnKind.Text, "--category");
        rows.Require(productColumn, ColumnKind.Text, "--product");
        rows.Require(statusColumn, ColumnKind.Text, "--status");
        rows.Require(currencyColumn, ColumnKind.Text, "--currency");
        var filtered = new long[options.Filters.Count];

        var byProduct = options.Returns.Reverses && productColumn >= 0;
        var columns = new PurchaseColumns(orderColumn >= 0, categoryColumn >= 0, amountColumn >= 0 || quantityColumn >= 0, byProduct, quantityColumn >= 0);
        var bad = new List<BadRow>();
        var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
        long badCount = 0;
        long count = 0;
        long returnRows = 0;
        var returnedAmount = 0m;
        while (rows.Next(out var line))
        {
            count++;
            if (count % 1_000_000 == 0)
            {
                progress.WriteLine($"loyalty: read {count:N0} rows…");
            }

            string? Field(int index) => index < 0 ? null : rows.Field(index);
            var amount = 0m;
            decimal? quantity = null;
            var reason = Check(Field(customerColumn), Field(timeColumn), parseTime, out var instant)
                ?? Amount(Field(amountColumn), Field(quantityColumn), Field(unitPriceColumn), out amount, out quantity);
            var day = PurchaseTable.DayNumber(instant.InZone(options.Zone).Date);
            if (reason is null && options.Rates is { } rates)
            {
                reason = Convert(rates, Field(currencyColumn), day, ref amount);
            }
            if (reason is not null)
            {
                badCount++;
                var kind = reason.IndexOfAny(['\'', '(']) is var detail and > 0 ? reason[..detail].TrimEnd() : reason;
                reasons[kind] = reasons.GetValueOrDefault(kind) + 1;
                if (bad.Count < BadRowsShown)
                {
                    bad.Add(new BadRow(line, reason, rows.File));
                }

                continue;
            }

            if (SetAside(options.Filters, filterColumns, filtered, rows))
            {
                continue;
            }

            var rowKind = options.Returns.Any ? options.Returns.Kind(Field(orderColumn), amount, quantity, Field(statusColumn)) : ReturnKind.Purchase;
            var ticks = byProduct ? instant.ToUnixTimeTicks() : 0L;
            if (rowKind != ReturnKind.Purchase)
            {
                returnRows++;
                returnedAmount += Math.Abs(amount);
                columns.AddReturn(rowKind, Field(customerColumn)!.Trim(), Field(orderColumn), Math.Abs(amount), ticks, Field(productColumn), quantity is { } q ? Math.Abs(q) : null);
                continue;
            }

            columns.AddPurchase(Field(customerColumn)!.Trim(), day, Field(orderColumn), Field(categoryColumn), amount, ticks, Field(productColumn), quantity);
        }

        var (table, amounts, returns, unmatched, links, bought) = columns.Build(options.Returns);
        return new PurchaseFileContents(table, amounts, count, badCount, bad) { Returns = returns, Bought = bought, Orders = columns.Orders!, UnmatchedReturnRows = unmatched, ReturnRows = returnRows, ReturnedAmount = returnedAmount, Links = links, Filtered = filtered, BadReasons = reasons };
    }

    /// <summary>Whether a filter sets the current row aside (counted against the first that does).</summary>
    private static bool SetAside(IReadOnlyList<RowFilter> filters, int[] columns, long[] counts, ExportRows rows)
    {
        for (var i = 0; i < filters.Count; i++)
        {
            if (!filters[i].Passes(rows.Field(columns[i])))
            {
                counts[i]++;
                return true;
            }
        }

        return false;
    }

    private static string? Check(string? customer, string? time, Func<string, Instant?> parseTime, out Instant instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(customer))
        {
            return "missing customer";
        }

        if (string.IsNullOrWhiteSpace(time))
        {
            return "missing time";
        }

        if (parseTime(time.Trim()) is not { } parsed)
        {
            return $"unparsable time '{Shorten(time)}'";
        }

        instant = parsed;
        return null;
    }

    /// <summary>A row's amount: its amount column, or quantity × unit price (exact decimals); 0 with neither.</summary>
    private static string? Amount(string? amountText, string? quantityText, string? unitPriceText, out decimal amount, out decimal? parsedQuantity)
    {
        amount = 0m;
        parsedQuantity = null;
        if (amountText is not null)
        {
            return TryDecimal(amountText, out amount) ? null : $"unparsable amount '{Shorten(amountText)}'";
        }

        if (quantityText is null && unitPriceText is null)
        {
            return null;
        }

        if (!TryDecimal(quantityText, out var quantity))
        {
            return $"unparsable quantity '{Shorten(quantityText ?? string.Empty)}'";
        }

        parsedQuantity = quantity;
        if (!TryDecimal(unitPriceText, out var unitPrice))
        {
            return $"unparsable unit price '{Shorten(unitPriceText ?? string.Empty)}'";
        }

        try
        {
            amount = quantity * unitPrice;
            return null;
        }
        catch (OverflowException)
        {
            return $"quantity × unit price out of range ({Shorten(quantityText!)} × {Shorten(unitPriceText!)})";
        }
    }

    /// <summary>Converts a row's amount into the base currency as of its day; a reason when it cannot be.</summary>
    private static string? Convert(RatesFile rates, string? currency, int day, ref decimal amount)
    {
        if (string.IsNullOrWhiteSpace(currency))
        {
            return "missing currency";
        }

        try
        {
            amount = rates.Convert(amount, currency.Trim(), day);
            return null;
        }
        catch (OverflowException)
        {
            return $"amount out of range in the base currency ({Shorten(currency)})";
        }
    }

    private static bool TryDecimal(string? text, out decimal value)
    {
        value = 0m;
        return text is not null && decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out value);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>
    /// Parses times: with a NodaTime pattern (local date and time in the zone; fields the pattern lacks are midnight),
    /// or without one, ISO 8601 with an offset or Z, ISO local date-time, or ISO date.
    /// </summary>
    internal static Func<string, Instant?> TimeParser(string? format, DateTimeZone zone)
    {
        if (format is not null)
        {
            LocalDateTimePattern pattern;
            try
            {
                pattern = LocalDateTimePattern.CreateWithInvariantCulture(format);
            }
            catch (InvalidPatternException ex)
            {
                throw new InputException($"--time-format '{format}' is not a valid pattern: {ex.Message}");
            }

            return text => pattern.Parse(text) is { Success: true } result ? result.Value.InZoneLeniently(zone).ToInstant() : null;
        }

        var withOffset = OffsetDateTimePattern.ExtendedIso;
        var local = LocalDateTimePattern.ExtendedIso;
        var date = LocalDatePattern.Iso;
        return text =>
        {
            if (text.Length > 10 && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10))
            {
                var normalised = text.EndsWith('Z') ? text[..^1] + "+00:00" : text;
                if (withOffset.Parse(normalised) is { Success: true } offset)
                {
                    return offset.Value.ToInstant();
                }
            }

            if (local.Parse(text) is { Success: true } localTime)
            {
                return localTime.Value.InZoneLeniently(zone).ToInstant();
            }

            return date.Parse(text) is { Success: true } day ? day.Value.AtStartOfDayInZone(zone).ToInstant() : null;
        };
    }
}
