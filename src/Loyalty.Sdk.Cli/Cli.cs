using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Loyalty.Sdk.Analytics.Churn;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Rfm;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// The commands of the <c>loyalty</c> tool. Exit codes: 0 success; 1 invalid arguments; 2 an input problem (missing
/// file or column, unknown time zone, no usable rows); 3 bad rows with <c>--strict</c>. Every subcommand reads the
/// input with the same options (columns, time, delimiter, amounts), so an option means the same thing everywhere.
/// </summary>
internal static partial class Cli
{
    public const int Success = 0;
    public const int InvalidArguments = 1;
    public const int InputProblem = 2;
    public const int BadRowsWhenStrict = 3;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("loyalty: retention, repeat-purchase and cross-purchase rates from a purchase export.");
        // What every subcommand reads the export with; each adds only what it can use.
        Option[] input = [Input, Customer, Time, TimeFormat, TimeZone, Order, Amount, Quantity, UnitPrice, Currency, Rates, BaseCurrency, ReturnPrefix, ReturnPattern, ReturnNegative, Product, Status, ReturnStatus, Include, Exclude, Delimiter, Strict];
        Option[] retentionOptions = [.. input, Category, Cohort, Days, Definition, AsOf, Json];
        root.Subcommands.Add(Create("retention", "Cohort retention (D1/D7/D30 or any offsets).", retentionOptions, Retention, countsOrders: false));
        root.Subcommands.Add(Create("repeat", "Repeat-purchase rate, within N days, and days to the second order.", retentionOptions, Repeat));
        root.Subcommands.Add(Create("cross", "Cross-purchase rate and the P(B | A) matrix (needs --category).", retentionOptions, Cross));
        root.Subcommands.Add(Create("rfm", "RFM scores, segments and churn risk per customer (needs an amount).", [.. input, AsOf, Bins, Json], RfmScores, needsAmount: true));
        root.Subcommands.Add(Create("report", "One self-contained HTML page: retention heatmap, repeat and cross-purchase, RFM segments, churn list.", [.. input, Category, Cohort, Days, Definition, AsOf, Dormancy, Within, .. SatisfactionOptions, Out], Report, needsBought: true));
        root.Subcommands.Add(Create("reactivation", "Customers who went --dormancy-days without buying and came back: by month of return, and the share back within N days.", [.. input, Dormancy, Within, AsOf, Json], Reactivation, countsOrders: false));
        root.Subcommands.Add(Create("returns", "Return rates (returns per order, returned share of the amount) per first-purchase cohort and per RFM segment (needs a return option).", [.. input, Cohort, Json], Returns, needsBought: true));
        root.Subcommands.Add(Create("satisfaction", "CSAT (1–5) or NPS (0–10) with 95% intervals per cohort and RFM segment, and the repurchase rate by first-order score (needs --reviews).", [.. input, .. SatisfactionOptions, Cohort, AsOf, Json], Satisfaction));
        root.Subcommands.Add(Create("clv", "Customer lifetime value: a purchase model (MBG/NBD, BG/NBD or Pareto/NBD) and the Gamma-Gamma spend model, discounted month by month (needs an amount).", [.. input, .. ClvOptions], Clv, needsAmount: true, countsOrders: false));
        root.Subcommands.Add(Create("recommend", "Item-to-item recommendations per customer (top N as CSV on standard output), or with --evaluate-at their time-split evaluation against popularity and personal repeat (needs --product).", [.. input, .. RecommendOptions], Recommend, countsOrders: true, needsItems: true));
        root.Subcommands.Add(Create("churn", "BG/NBD fit, P(alive) and expected purchases; with --holdout-end, ROC AUC against the holdout; with --supervised, the logistic churn model against recency, RFM, BG/NBD and MBG/NBD.", [.. input, Category, CalibrationEnd, HoldoutEnd, PeriodOption, Supervised, Origins, L2, Resamples, Json], Churn, needsBought: true));
        var parseResult = root.Parse(args);
        return parseResult.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });

        // What a command reads beyond the rows: an amount (required), order indexes (commands that count orders), the
        // purchases as bought beside those kept (return rates).
        Command Create(string name, string description, Option[] options, Func<PurchaseFileContents, ParseResult, TextWriter, int> run, bool needsAmount = false, bool countsOrders = true, bool needsBought = false, bool needsItems = false)
        {
            var command = new Command(name, Examples.With(name, description));
            foreach (var option in options)
            {
                command.Options.Add(option);
            }

            command.SetAction(parse => Execute(parse, stdout, stderr, new Needs(needsAmount, countsOrders, needsBought, needsItems), run));
            return command;
        }
    }

    private static int Execute(ParseResult parse, TextWriter stdout, TextWriter stderr, Needs needs, Func<PurchaseFileContents, ParseResult, TextWriter, int> run)
    {
        var needsAmount = needs.Amount;
        var (amount, quantity, unitPrice) = (parse.GetValue(Amount), parse.GetValue(Quantity), parse.GetValue(UnitPrice));
        var usage = (quantity is null) != (unitPrice is null) ? "--quantity and --unit-price go together: a row's amount is their product."
            : amount is not null && quantity is not null ? "give either --amount or --quantity with --unit-price, not both."
            : needsAmount && amount is null && quantity is null ? $"'{parse.CommandResult.Command.Name}' needs an amount: --amount COL, or --quantity COL with --unit-price COL."
            : needs.Items && parse.GetValue(Product) is null ? $"'{parse.CommandResult.Command.Name}' needs the item column: --product COL."
            : parse.GetValue(ReturnPrefix) is not null && parse.GetValue(Order) is null ? "--return-prefix needs --order: it is a prefix of the order id."
            : parse.GetValue(ReturnPattern) is not null && parse.GetValue(Order) is null ? "--return-pattern needs --order: it matches the order id."
            : parse.GetValue(ReturnNegative) && amount is null && quantity is null ? "--return-negative needs --amount, or --quantity with --unit-price."
            : (parse.GetValue(Status) is null) != (parse.GetValue(ReturnStatus) is null) ? "--status and --return-status go together."
            : new[] { parse.GetValue(Currency), parse.GetValue(Rates), parse.GetValue(BaseCurrency) }.Count(v => v is null) is 1 or 2 ? "--currency, --rates and --base-currency go together."
            : parse.GetValue(Currency) is not null && amount is null && quantity is null ? "--currency needs an amount: --amount, or --quantity with --unit-price."
            : null;
        if (usage is not null)
        {
            stderr.WriteLine("loyalty: " + usage);
            return InvalidArguments;
        }

        try
        {
            var zoneId = parse.GetValue(TimeZone)!;
            var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? throw new InputException($"--time-zone '{zoneId}' is not an IANA time zone id.");
            var input = new InputOptions(
                parse.GetValue(Input)!,
                parse.GetValue(Customer)!,
                parse.GetValue(Time)!,
                parse.GetValue(TimeFormat),
                zone,
                parse.GetValue(Order),
                amount,
                quantity,
                unitPrice,
                needs.Items ? parse.GetValue(Product) : Value(parse, Category),
                parse.GetValue(Delimiter)!)
            {
                StatusColumn = parse.GetValue(Status),
                ProductColumn = parse.GetValue(Product),
                CurrencyColumn = parse.GetValue(Currency),
                Rates = parse.GetValue(Rates) is { } rates ? RatesFile.Load(rates, parse.GetValue(BaseCurrency)!) : null,
                Returns = new ReturnRule(parse.GetValue(ReturnPrefix), parse.GetValue(ReturnNegative), ReturnRule.ParseStatuses(parse.GetValue(ReturnStatus))) { OrderPattern = ReturnRule.ParsePattern(parse.GetValue(ReturnPattern)) },
                NeedsOrders = needs.Orders,
                NeedsBought = needs.Bought,
                Filters = [.. (parse.GetValue(Include) ?? []).Select(f => RowFilter.Parse(f, include: true)), .. (parse.GetValue(Exclude) ?? []).Select(f => RowFilter.Parse(f, include: false))],
            };
            var contents = PurchaseFile.Read(input, stderr);
            Output.RowSummary(input, contents, parse.GetValue(Strict), stderr);
            if (contents.BadRowCount > 0)
            {
                if (parse.GetValue(Strict))
                {
                    return BadRowsWhenStrict;
                }
            }

            if (contents.Table.Count == 0)
            {
                throw new InputException($"The input file '{input.Path}' has no usable rows.");
            }

            return run(contents, parse, stdout);
        }
        catch (UsageException ex)
        {
            stderr.WriteLine("loyalty: " + ex.Message);
            return InvalidArguments;
        }
        catch (InputException ex)
        {
            stderr.WriteLine("loyalty: " + ex.Message);
            return InputProblem;
        }
        catch (IOException ex)
        {
            stderr.WriteLine("loyalty: " + ex.Message);
            return InputProblem;
        }
        catch (UnauthorizedAccessException ex)
        {
            stderr.WriteLine("loyalty: " + ex.Message);
            return InputProblem;
        }
    }

    private static int Retention(PurchaseFileContents contents, ParseResult parse, TextWriter stdout)
    {
        var options = new RetentionOptions
        {
            Days = ParseDays(parse.GetValue(Days)!),
            Definition = parse.GetValue(Definition) switch
            {
                "on-or-after" => RetentionDefinition.OnOrAfter,
                "within" => RetentionDefinition.Within,
                _ => RetentionDefinition.Exact,
            },
            Grouping = parse.GetValue(Cohort) switch
            {
                "week" => CohortGrouping.IsoWeek,
                "month" => CohortGrouping.Month,
                _ => CohortGrouping.Day,
            },
            AsOf = ParseAsOf(parse.GetValue(AsOf)),
        };
        var report = CohortRetention.Compute(contents.Table, options);
        Output.RetentionTable(report, stdout);
        WriteJson(parse, json => Output.RetentionJson(report, json));
        return Success;
    }

    private static int Repeat(PurchaseFileContents contents, ParseResult parse, TextWriter stdout)
    {
        var report = PurchaseRates.Repeat(contents.Table, ParseDays(parse.GetValue(Days)!), ParseAsOf(parse.GetValue(AsOf)));
        Output.RepeatTable(report, stdout);
        WriteJson(parse, json => Output.RepeatJson(report, json));
        return Success;
    }

    private static int Cross(PurchaseFileContents contents, ParseResult parse, TextWriter stdout)
    {
        if (contents.Table.Categories is null)
        {
            throw new InputException("'cross' needs a category column: pass --category COL.");
        }

        var report = PurchaseRates.Cross(contents.Table, ParseAsOf(parse.GetValue(AsOf)));
        Output.CrossTable(report, stdout);
        WriteJson(parse, json => Output.CrossJson(report, json));
        return Success;
    }

    private static int RfmScores(PurchaseFileContents contents, ParseResult parse, TextWriter stdout)
    {
        var bins = parse.GetValue(Bins);
        if (bins is < 2 or > 100)
        {
            throw new InputException($"--bins {bins}: give 2 to 100 bins.");
        }

        var report = RfmAnalysis.Compute(contents.Table, contents.Amounts, new RfmOptions { Bins = bins, AsOf = ParseAsOf(parse.GetValue(AsOf)) });
        Output.RfmTable(report, contents.Table, stdout);
        WriteJson(parse, json => Output.RfmJson(report, contents.Table, json));
        return Success;
    }

    private static int Report(PurchaseFileContents contents, ParseResult parse, TextWriter stdout)
    {
        var asOf = ParseAsOf(parse.GetValue(AsOf));
        var retention = CohortRetention.Compute(contents.Table, new RetentionOptions
        {
            Days = ParseDays(parse.GetValue(Days)!),
            Definition = parse.GetValue(Definition) switch { "on-or-after" => RetentionDefinition.OnOrAfter, "within" => RetentionDefinition.Within, _ => RetentionDefinition.Exact },
            Grouping = parse.GetValue(Cohort) switch { "week" => CohortGrouping.IsoWeek, "month" => CohortGrouping.Month, _ => CohortGrouping.Day },
            AsOf = asOf,
        });
        var repeat = PurchaseRates.Repeat(contents.Table, asOf: asOf);
        var cross = contents.Table.Categories is null ? null : PurchaseRates.Cross(contents.Table, asOf);
        var rfm = RfmAnalysis.Compute(contents.Table, contents.Amounts, new RfmOptions { AsOf = asOf });
        var path = parse.GetValue(Out)!;
        var returns = contents.Returns is { } r ? Analytics.Returns.ReturnRates.ByCohort(contents.Bought.Table, contents.Bought.Amounts, r, retention.Grouping) : null;
        var reactivation = Analytics.Reactivation.ReactivationAnalysis.Compute(contents.Table, ReactivationOptions(parse));
        var satisfaction = ComputeSatisfaction(contents, parse);
        File.WriteAllText(path, HtmlReport.Render(parse.GetValue(Input)!, contents.Table, retention, repeat, cross, rfm, returns, reactivation, satisfaction, ReportValues(contents, retention.AsOf), ReportChurnModel(contents, retention.AsOf)));
        stdout.WriteLine($"loyalty: wrote {path}");
        return Success;
    }

    private static int Reactivation(PurchaseFileContents contents, ParseResult parse, TextWriter stdout)
    {
        var report = Analytics.Reactivation.ReactivationAnalysis.Compute(contents.Table, ReactivationOptions(parse));
        ReactivationOutput.Table(report, stdout);
        WriteJson(parse, json => ReactivationOutput.Json(report, json));
        return Success;
    }

    /// <summary>Every customer's value for the report (MBG/NBD and Gamma-Gamma, 12 months), or null without amounts or when the models cannot be fitted.</summary>
    private static IReadOnlyList<Analytics.Value.CustomerValue>? ReportValues(PurchaseFileContents contents, LocalDate? asOf)
    {
        if (contents.Amounts is null || contents.Table.Count == 0)
        {
            return null;
        }

        try
        {
            return Analytics.Value.CustomerValues.Compute(contents.Table, contents.Amounts, asOf ?? PurchaseTable.DateOf(contents.Table.Days.Max())).Customers;
        }
        catch (ModelFitException)
        {
            return null; // the report falls back to RFM churn risk for its at-risk list
        }
    }

    /// <summary>What a command reads beyond the rows.</summary>
    private sealed record Needs(bool Amount, bool Orders, bool Bought, bool Items = false);

    /// <summary>
    /// Per customer of <paramref name="target"/>, the RFM segment computed on <paramref name="table"/> (the purchases
    /// kept), for analyses grouped by segment.
    /// </summary>
    private static string?[] SegmentNames(PurchaseTable table, decimal[] amounts, PurchaseTable target)
    {
        var names = new string?[target.CustomerCount];
        foreach (var customer in RfmAnalysis.Compute(table, amounts, new RfmOptions()).Customers)
        {
            names[target == table ? customer.Customer : Index(target, table.CustomerIds!.Decode(customer.Customer))] = customer.Segment;
        }

        return names;
    }

    private static int Index(PurchaseTable table, string customerId) => table.CustomerIds!.TryGetIndex(customerId, out var index) ? index : throw new InvalidOperationException($"Customer '{customerId}' is not in the table.");

    private static int Returns(PurchaseFileContents contents, ParseResult parse, TextWriter stdout)
    {
        if (contents.Returns is not { } returns)
        {
            throw new UsageException("'returns' needs to know what a return is: --return-prefix, --return-pattern, --return-negative, or --status with --return-status.");
        }

        var grouping = parse.GetValue(Cohort) switch { "week" => CohortGrouping.IsoWeek, "month" => CohortGrouping.Month, _ => CohortGrouping.Day };
        var (bought, amounts) = contents.Bought;
        var cohorts = Analytics.Returns.ReturnRates.ByCohort(bought, amounts, returns, grouping);
        ReturnsOutput.Table("cohort", cohorts, stdout);
        IReadOnlyList<Analytics.Returns.ReturnRateRow>? segments = null;
        if (amounts is not null)
        {
            // Segments come from what customers kept; a customer who returned everything is in none.
            segments = Analytics.Returns.ReturnRates.ByGroup(bought, amounts, returns, SegmentNames(contents.Table, contents.Amounts!, bought));
            stdout.WriteLine();
            ReturnsOutput.Table("RFM segment", segments, stdout);
        }

        WriteJson(parse, json => ReturnsOutput.Json(cohorts, segments, contents.UnmatchedReturnRows, json));
        return Success;
    }

    private static Analytics.Reactivation.ReactivationOptions ReactivationOptions(ParseResult parse)
    {
        var dormancy = parse.GetValue(Dormancy);
        return dormancy is < 1 or > 3650
            ? throw new InputException($"--dormancy-days {dormancy}: give 1 to 3650 days.")
            : new Analytics.Reactivation.ReactivationOptions { DormancyDays = dormancy, WithinDays = ParseDays(parse.GetValue(Within)!, "--within"), AsOf = ParseAsOf(parse.GetValue(AsOf)) };
    }

    private static T? Value<T>(ParseResult parse, Option<T> option) => parse.CommandResult.Command.Options.Contains(option) ? parse.GetValue(option) : default;

    private static LocalDate ParseDate(string text, string option)
    {
        var result = LocalDatePattern.Iso.Parse(text);
        return result.Success ? result.Value : throw new InputException($"{option} '{text}' is not a date in the form yyyy-MM-dd.");
    }

    private static void WriteJson(ParseResult parse, Action<Stream> write)
    {
        if (parse.GetValue(Json) is not { } path)
        {
            return;
        }

        using var file = File.Create(path);
        write(file);
    }

    private static int[] ParseDays(string text, string option = "--days")
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var days = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out days[i]) || days[i] is < 1 or > 3650)
            {
                throw new InputException($"{option} '{text}': each offset must be a whole number of days from 1 to 3650.");
            }
        }

        if (days.Length is 0 or > 64 || days.Distinct().Count() != days.Length)
        {
            throw new InputException($"{option} '{text}': give 1 to 64 distinct offsets.");
        }

        return days;
    }

    private static LocalDate? ParseAsOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var result = LocalDatePattern.Iso.Parse(text);
        return result.Success ? result.Value : throw new InputException($"--as-of '{text}' is not a date in the form yyyy-MM-dd.");
    }

    private static Option<string> CreateDelimiter()
    {
        var option = new Option<string>("--delimiter") { Description = "The column separator (auto: a tab for .tsv and .tab files, a comma otherwise).", DefaultValueFactory = _ => "auto" };
        option.AcceptOnlyFromAmong("auto", ",", ";", "tab", "whitespace");
        return option;
    }

    private static Option<string> CreateChoice(string name, string description, string defaultValue, params string[] values)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
