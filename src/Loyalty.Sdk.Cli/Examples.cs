namespace Loyalty.Sdk.Cli;

/// <summary>An example per subcommand, on the real exports' columns, for <c>--help</c>.</summary>
internal static class Examples
{
    private const string OnlineRetail = "--input online_retail.csv.gz --customer CustomerID --time InvoiceDate --time-format \"uuuu-MM-dd HH:mm:ss\" " +
        "--time-zone Europe/London --order InvoiceNo --quantity Quantity --unit-price UnitPrice --return-prefix C --product StockCode";

    private const string Cdnow = "--input CDNOW_master.txt --delimiter whitespace --customer customer_id --time date --time-format yyyyMMdd";

    /// <summary>The description with its example appended.</summary>
    public static string With(string name, string description) => description + "\n\nExample (" + (name is "churn" or "clv" ? "CDNOW" : "the UCI online-retail export") + "):\n  loyalty " + name + " " + name switch
    {
        "retention" => OnlineRetail + " --cohort month --days 7,30,90",
        "repeat" => OnlineRetail + " --days 30,90",
        "cross" => OnlineRetail + " --category Country",
        "rfm" => OnlineRetail + " --exclude Country=Unspecified --json rfm.json",
        "report" => OnlineRetail + " --cohort month --out report.html",
        "reactivation" => OnlineRetail + " --dormancy-days 90 --within 30,90",
        "returns" => OnlineRetail + " --cohort month --json returns.json",
        "satisfaction" => OnlineRetail + " --reviews reviews.csv --review-order InvoiceNo --review-score score --review-time reviewed_at --cohort month",
        "clv" => Cdnow + " --amount dollar_value --as-of 1997-09-30 --months 12 --top 10",
        "recommend" => OnlineRetail + " --similarity bm25 --customers 17850.0 --count 10",
        "churn" => Cdnow + " --calibration-end 1997-09-30 --holdout-end 1998-06-30",
        _ => OnlineRetail,
    };
}
