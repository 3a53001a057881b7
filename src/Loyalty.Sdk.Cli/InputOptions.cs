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
    string Delimiter);
