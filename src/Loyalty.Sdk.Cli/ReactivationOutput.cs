using System.Globalization;
using System.IO;
using System.Text.Json;
using Loyalty.Sdk.Analytics.Reactivation;
using NodaTime.Text;

namespace Loyalty.Sdk.Cli;

/// <summary>The <c>reactivation</c> subcommand's table and JSON.</summary>
internal static class ReactivationOutput
{
    public static void Table(ReactivationReport report, TextWriter output)
    {
        output.WriteLine($"dormant after {report.DormancyDays} days without a purchase (as of {LocalDatePattern.Iso.Format(report.AsOf)})");
        output.WriteLine($"dormant spells          {report.DormantSpells,10:N0}   customers {report.DormantCustomers,10:N0}");
        output.WriteLine($"reactivations           {report.Reactivations,10:N0}   customers {report.ReactivatedCustomers,10:N0}");
        foreach (var window in report.Within)
        {
            var rate = window.Rate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "–";
            output.WriteLine($"back within {window.Days,4} days    {rate,10}   ({window.Reactivated:N0} of {window.Observable:N0} observable spells)");
        }

        output.WriteLine("month     reactivations  customers");
        foreach (var month in report.ByMonth)
        {
            output.WriteLine($"{month.Month.Year:D4}-{month.Month.Month:D2}   {month.Reactivations,13:N0}  {month.Customers,9:N0}");
        }
    }

    public static void Json(ReactivationReport report, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("dormancyDays", report.DormancyDays);
        json.WriteString("asOf", LocalDatePattern.Iso.Format(report.AsOf));
        json.WriteNumber("dormantSpells", report.DormantSpells);
        json.WriteNumber("dormantCustomers", report.DormantCustomers);
        json.WriteNumber("reactivations", report.Reactivations);
        json.WriteNumber("reactivatedCustomers", report.ReactivatedCustomers);
        json.WriteStartObject("within");
        foreach (var window in report.Within)
        {
            json.WriteStartObject(window.Days.ToString(CultureInfo.InvariantCulture));
            json.WriteNumber("observable", window.Observable);
            json.WriteNumber("reactivated", window.Reactivated);
            if (window.Rate is { } rate)
            {
                json.WriteNumber("rate", rate);
            }
            else
            {
                json.WriteNull("rate");
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteStartArray("byMonth");
        foreach (var month in report.ByMonth)
        {
            json.WriteStartObject();
            json.WriteString("month", $"{month.Month.Year:D4}-{month.Month.Month:D2}");
            json.WriteNumber("reactivations", month.Reactivations);
            json.WriteNumber("customers", month.Customers);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
