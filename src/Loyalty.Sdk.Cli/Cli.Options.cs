using System.CommandLine;

namespace Loyalty.Sdk.Cli;

/// <summary>The options of the <c>loyalty</c> tool: one definition each, shared by every subcommand that can use it.</summary>
internal static partial class Cli
{
    private static readonly Option<string> Input = new("--input") { Description = "The purchase export: a delimited text file with a header row (plain or .gz), or a folder of such files read as one.", Required = true };
    private static readonly Option<string> Customer = new("--customer") { Description = "The customer id column.", Required = true };
    private static readonly Option<string> Time = new("--time") { Description = "The purchase time column.", Required = true };
    private static readonly Option<string?> TimeFormat = new("--time-format") { Description = "A NodaTime pattern for local times, such as yyyyMMdd or uuuu-MM-dd HH:mm (default: ISO 8601 with or without an offset)." };
    private static readonly Option<string> TimeZone = new("--time-zone") { Description = "The IANA time zone of local dates and cohorts.", DefaultValueFactory = _ => "Etc/UTC" };
    private static readonly Option<string?> Order = new("--order") { Description = "The order id column (rows of one order count once); without it each row is an order." };
    private static readonly Option<string?> Amount = new("--amount") { Description = "The amount column (base currency), or use --quantity with --unit-price." };
    private static readonly Option<string?> Quantity = new("--quantity") { Description = "The quantity column: with --unit-price, a row's amount is quantity × unit price, in exact decimals (instead of --amount)." };
    private static readonly Option<string?> UnitPrice = new("--unit-price") { Description = "The unit price column (with --quantity)." };
    private static readonly Option<string?> Currency = new("--currency") { Description = "The currency column: amounts are converted into --base-currency with --rates, as of each row's date." };
    private static readonly Option<string?> Rates = new("--rates") { Description = "A CSV of exchange rates, header date,currency,rate: one unit of the currency is worth rate units of --base-currency from that date on." };
    private static readonly Option<string?> BaseCurrency = new("--base-currency") { Description = "The currency amounts are converted into (rows in it need no rate)." };
    private static readonly Option<string?> ReturnPrefix = new("--return-prefix") { Description = "An order id starting with this marks a return or cancellation, which is not a purchase (C in the online-retail export; needs --order)." };
    private static readonly Option<string?> ReturnPattern = new("--return-pattern") { Description = "An order id matching this .NET regular expression marks a return or cancellation, such as ^(C|RET-) (needs --order)." };
    private static readonly Option<bool> ReturnNegative = new("--return-negative") { Description = "A negative quantity or amount marks a return or cancellation (needs an amount)." };
    private static readonly Option<string?> Product = new("--product") { Description = "The product (SKU) column: a return then undoes the customer's most recent earlier purchase of its product, by quantity when --quantity is given (without it, only the order a return names)." };
    private static readonly Option<string?> Status = new("--status") { Description = "The order status column (with --return-status)." };
    private static readonly Option<string[]> Include = new("--include") { Description = "Keep only rows whose COLUMN has one of the values: COLUMN=V1,V2 (repeatable; the rows set aside are counted).", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Option<string[]> Exclude = new("--exclude") { Description = "Set aside rows whose COLUMN has one of the values: COLUMN=V1,V2 (repeatable; counted).", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Option<string?> ReturnStatus = new("--return-status") { Description = "Comma-separated --status values that mark a return or cancellation, such as canceled,returned." };
    private static readonly Option<string?> Category = new("--category") { Description = "The category column (needed by 'cross')." };
    private static readonly Option<string> Delimiter = CreateDelimiter();
    private static readonly Option<string> Cohort = CreateChoice("--cohort", "How cohorts group first purchases.", "day", "day", "week", "month");
    private static readonly Option<string> Days = new("--days") { Description = "Offsets N in days, comma-separated.", DefaultValueFactory = _ => "1,7,30" };
    private static readonly Option<string> Definition = CreateChoice("--definition", "When a customer counts as retained at N.", "exact", "exact", "on-or-after", "within");
    private static readonly Option<string?> AsOf = new("--as-of") { Description = "The last observed date, yyyy-MM-dd (default: the last purchase date)." };
    private static readonly Option<string?> Json = new("--json") { Description = "Also write the result as JSON to this file." };
    private static readonly Option<bool> Strict = new("--strict") { Description = "Fail (exit code 3) on any bad row instead of skipping and reporting it." };
    private static readonly Option<int> Bins = new("--bins") { Description = "Score bins (5: quintiles).", DefaultValueFactory = _ => 5 };
    private static readonly Option<string> CalibrationEnd = new("--calibration-end") { Description = "The last day of the calibration period, yyyy-MM-dd.", Required = true };
    private static readonly Option<string?> HoldoutEnd = new("--holdout-end") { Description = "The last day of the holdout period, yyyy-MM-dd: adds the evaluation." };
    private static readonly Option<string> Out = new("--out") { Description = "The HTML file to write.", Required = true };
    private static readonly Option<int> Dormancy = new("--dormancy-days") { Description = "Days without a purchase after which a customer is dormant.", DefaultValueFactory = _ => 90 };
    private static readonly Option<string> Within = new("--within") { Description = "Windows N in days, comma-separated: the share of dormant customers back within N days.", DefaultValueFactory = _ => "30,90,180" };
    private static readonly Option<string> PeriodOption = CreateChoice("--period", "The time unit of recency, T and α.", "week", "day", "week");
}
