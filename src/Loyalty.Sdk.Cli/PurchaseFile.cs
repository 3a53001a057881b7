using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Cli;

/// <summary>Reads a delimited purchase export into columns, counting (never silently dropping) rows it cannot use.</summary>
internal static class PurchaseFile
{
    public const int BadRowsShown = 5;

    public static PurchaseFileContents Read(InputOptions options, TextWriter progress)
    {
        var times = new TimeReader(options.TimeFormat, options.Zone);
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
        using var sink = new PurchaseSink(columns);
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
            ReadOnlySpan<char> Span(int index) => index < 0 ? [] : rows.Span(index).Trim();
            var amount = 0m;
            decimal? quantity = null;
            var customer = Span(customerColumn);
            var time = Span(timeColumn);
            var day = 0;
            var instant = default(Instant);
            var reason = customer.IsEmpty ? "missing customer"
                : time.IsEmpty ? "missing time"
                : !times.TryRead(time, out day, out instant) ? $"unparsable time '{Shorten(time.ToString())}'"
                : Amount(amountColumn >= 0, Span(amountColumn), quantityColumn < 0 && unitPriceColumn < 0, Span(quantityColumn), Span(unitPriceColumn), out amount, out quantity);
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

            var orderId = Span(orderColumn);
            var rowKind = options.Returns.Any ? options.Returns.Kind(orderId, amount, quantity, Field(statusColumn)) : ReturnKind.Purchase;
            var ticks = byProduct ? instant.ToUnixTimeTicks() : 0L;
            if (rowKind != ReturnKind.Purchase)
            {
                returnRows++;
                returnedAmount += Math.Abs(amount);
                columns.AddReturn(rowKind, customer.ToString(), orderId.IsEmpty ? null : orderId.ToString(), Math.Abs(amount), day, ticks, Field(productColumn), quantity is { } q ? Math.Abs(q) : null);
                continue;
            }

            sink.Add(customer, day, orderId, categoryColumn < 0 ? null : Field(categoryColumn), amount, ticks, byProduct ? Field(productColumn) : null, quantity);
        }

        sink.Complete();
        var (table, amounts, returns, unmatched, links, bought) = columns.Build(options.Returns, options.NeedsOrders, options.NeedsBought);
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

    /// <summary>
    /// A row's amount: its amount column (when <paramref name="hasAmount"/>), or quantity × unit price (exact decimals);
    /// 0 with neither (when <paramref name="noQuantity"/>).
    /// </summary>
    private static string? Amount(bool hasAmount, ReadOnlySpan<char> amountText, bool noQuantity, ReadOnlySpan<char> quantityText, ReadOnlySpan<char> unitPriceText, out decimal amount, out decimal? parsedQuantity)
    {
        amount = 0m;
        parsedQuantity = null;
        if (hasAmount)
        {
            return TryDecimal(amountText, out amount) ? null : $"unparsable amount '{Shorten(amountText.ToString())}'";
        }

        if (noQuantity)
        {
            return null;
        }

        if (!TryDecimal(quantityText, out var quantity))
        {
            return $"unparsable quantity '{Shorten(quantityText.ToString())}'";
        }

        parsedQuantity = quantity;
        if (!TryDecimal(unitPriceText, out var unitPrice))
        {
            return $"unparsable unit price '{Shorten(unitPriceText.ToString())}'";
        }

        try
        {
            amount = quantity * unitPrice;
            return null;
        }
        catch (OverflowException)
        {
            return $"quantity × unit price out of range ({Shorten(quantityText.ToString())} × {Shorten(unitPriceText.ToString())})";
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

    private static bool TryDecimal(ReadOnlySpan<char> text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value);

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
