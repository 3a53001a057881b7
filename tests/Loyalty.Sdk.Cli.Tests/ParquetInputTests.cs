using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Parquet;
using Parquet.Schema;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary>Parquet input: the same answers as the CSV form of one export, typed columns read as their values, wrong types refused.</summary>
public sealed class ParquetInputTests() : TempFolderTests("loyalty-parquet-")
{
    [Fact]
    public async Task OnlineRetail_AsParquet_GivesWhatItsCsvGives()
    {
        var gzip = ExportFormatTests.OnlineRetailPath();
        var rows = ExportFormatTests.ReadLines(gzip).Skip(1).Select(ExportFormatTests.Fields).ToArray();
        var invoice = new DataField<string>("InvoiceNo");
        var stock = new DataField<string>("StockCode");
        var quantity = new DataField<int>("Quantity");
        var date = new DataField<string>("InvoiceDate");
        var price = new DataField<double>("UnitPrice");
        var customer = new DataField<string>("CustomerID");
        var country = new DataField<string>("Country");
        var parquet = Path.Combine(Folder, "retail.parquet");
        await using (var file = File.Create(parquet))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(invoice, stock, quantity, date, price, customer, country), file))
        {
            // Several row groups, so the reader streams across them.
            foreach (var chunk in rows.Chunk(50_000))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(invoice, chunk.Select(r => r[0]).ToArray());
                await group.WriteAsync(stock, chunk.Select(r => r[1]).ToArray());
                await group.WriteAsync<int>(quantity, chunk.Select(r => int.Parse(r[3], CultureInfo.InvariantCulture)).ToArray().AsMemory());
                await group.WriteAsync(date, chunk.Select(r => r[4]).ToArray());
                await group.WriteAsync<double>(price, chunk.Select(r => double.Parse(r[5], CultureInfo.InvariantCulture)).ToArray().AsMemory());
                await group.WriteAsync(customer, chunk.Select(r => r[6].Length == 0 ? null : r[6]).ToArray());
                await group.WriteAsync(country, chunk.Select(r => r[7]).ToArray());
            }
        }

        foreach (var command in new[] { "retention", "rfm", "reactivation" })
        {
            var (fromCsv, csvError) = Json(command, gzip);
            var (fromParquet, parquetError) = Json(command, parquet);
            Assert.Equal(fromCsv, fromParquet);
            Assert.Equal(csvError, parquetError);
        }
    }

    [Fact]
    public async Task ATimestampColumn_IsReadAsItsLocalTime_AndAWrongColumnType_IsAnInputProblemNamingIt()
    {
        var customer = new DataField<string>("customer");
        var at = new DataField<DateTime>("at");
        var paid = new DataField<bool>("paid");
        var parquet = Path.Combine(Folder, "typed.parquet");
        await using (var file = File.Create(parquet))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(customer, at, paid), file))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(customer, new[] { "a", "a", "b" });
            await group.WriteAsync<DateTime>(at, new[] { new DateTime(2024, 1, 1, 10, 0, 0), new DateTime(2024, 1, 2, 23, 30, 0), new DateTime(2024, 1, 1, 9, 0, 0) }.AsMemory());
            await group.WriteAsync<bool>(paid, new[] { true, false, true }.AsMemory());
        }

        var json = Path.Combine(Folder, "r.json");
        var (exit, _, error) = CliRunner.Run("retention", "--input", parquet, "--customer", "customer", "--time", "at", "--days", "1", "--json", json);
        Assert.True(exit == Cli.Success, error);
        Assert.Contains("\"retained\": 1", File.ReadAllText(json), StringComparison.Ordinal); // a bought again the next day

        (exit, _, error) = CliRunner.Run("rfm", "--input", parquet, "--customer", "customer", "--time", "at", "--amount", "paid");
        Assert.Equal(Cli.InputProblem, exit);
        Assert.Contains("--amount 'paid' in 'typed.parquet' is a Parquet Boolean column; expected a number or text.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADamagedParquetFile_IsAnInputProblem_NotAStackTrace()
    {
        var customer = new DataField<string>("customer");
        var at = new DataField<string>("at");
        var parquet = Path.Combine(Folder, "damaged.parquet");
        await using (var file = File.Create(parquet))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(customer, at), file))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(customer, Enumerable.Range(0, 2_000).Select(i => $"customer-{i % 300}").ToArray());
            await group.WriteAsync(at, Enumerable.Range(0, 2_000).Select(i => $"2024-01-{1 + (i % 28):D2}").ToArray());
        }

        // Overwrite the middle of the data pages, keeping the magic bytes and the footer.
        var bytes = await File.ReadAllBytesAsync(parquet);
        for (var i = 8; i < bytes.Length / 2; i++)
        {
            bytes[i] = unchecked((byte)(i * 31));
        }

        await File.WriteAllBytesAsync(parquet, bytes);
        var (exit, _, error) = CliRunner.Run("retention", "--input", parquet, "--customer", "customer", "--time", "at");
        Assert.True(exit == Cli.InputProblem, error);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Contains("damaged.parquet' cannot be read: column 'customer'", error, StringComparison.Ordinal);
    }

    private (string Json, string Error) Json(string command, string input)
    {
        var json = Path.Combine(Folder, $"{command}-{Guid.NewGuid():N}.json");
        var (exit, _, error) = CliRunner.Run(command, "--input", input, "--customer", "CustomerID", "--time", "InvoiceDate", "--time-format", "uuuu-MM-dd HH:mm:ss",
            "--time-zone", "Europe/London", "--order", "InvoiceNo", "--quantity", "Quantity", "--unit-price", "UnitPrice", "--return-prefix", "C", "--json", json);
        Assert.True(exit == Cli.Success, error);
        return (File.ReadAllText(json), error);
    }
}
