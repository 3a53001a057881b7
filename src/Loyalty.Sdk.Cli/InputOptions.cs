using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Cli;

/// <summary>How the input file is laid out and which columns to read.</summary>
internal sealed record InputOptions(
    string Path,
    string CustomerColumn,
    string TimeColumn,
    string? TimeFormat,
    DateTimeZone Zone,
    string? OrderColumn,
    string? AmountColumn,
    string? QuantityColumn,
    string? UnitPriceColumn,
    string? CategoryColumn,
    string Delimiter)
{
    /// <summary>Gets the status column, if any (for <see cref="Returns"/>).</summary>
    public string? StatusColumn { get; init; }

    /// <summary>Gets what marks a row as a return or cancellation.</summary>
    public ReturnRule Returns { get; init; } = ReturnRule.None;

    /// <summary>Gets the product column, if any: reversals then link to earlier purchases of their product.</summary>
    public string? ProductColumn { get; init; }

    /// <summary>Gets the currency column, if any (amounts are then converted with <see cref="Rates"/>).</summary>
    public string? CurrencyColumn { get; init; }

    /// <summary>Gets the exchange rates into the base currency, with <see cref="CurrencyColumn"/>.</summary>
    public RatesFile? Rates { get; init; }

    /// <summary>Gets a value indicating whether the command counts orders (the table then has order indexes).</summary>
    public bool NeedsOrders { get; init; } = true;

    /// <summary>Gets a value indicating whether the command needs the purchases as bought, before returns lowered them (return rates).</summary>
    public bool NeedsBought { get; init; }

    /// <summary>Gets the row filters, applied to usable rows in order.</summary>
    public IReadOnlyList<RowFilter> Filters { get; init; } = [];
}
