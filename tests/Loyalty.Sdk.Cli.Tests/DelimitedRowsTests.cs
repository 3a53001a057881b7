using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary>
/// The tool's own reader of delimited text against CsvHelper (a maintained RFC 4180 parser, configured as the tool
/// used it before): the same header and fields for any well-formed file — quoted fields holding delimiters, doubled
/// quotes and line breaks, CRLF and LF, blanks around fields, blank lines — whatever the buffer size.
/// </summary>
public sealed class DelimitedRowsTests
{
    [Fact]
    public void Fuzz_SameFieldsAsCsvHelper_ForAnyWellFormedFile_AndAnyBufferSize()
    {
        var field = Gen.OneOf(
            Gen.Elements("", "a", "12346.0", "2011-01-04 10:00:00", " padded ", "x y", "\t", "C536379", "ü€"),
            from text in Gen.Elements("a,b", "say \"hi\"", "two\nlines", "crlf\r\nline", "", " ", ";", "tab\there")
            select "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
        var scenario = from delimiter in Gen.Elements(',', ';', '\t')
                       from columns in Gen.Choose(1, 6)
                       from rows in Gen.Choose(0, 40)
                       from cells in Gen.ArrayOf(field, columns * (rows + 1))
                       from crlf in ArbMap.Default.GeneratorFor<bool>()
                       from blankAfter in Gen.Choose(-1, rows)
                       from buffer in Gen.Elements(4, 7, 16, 64, 1 << 20)
                       select (delimiter, columns, rows, cells, crlf, blankAfter, buffer);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400).WithQuietOnSuccess(true), Prop.ForAll(scenario.ToArbitrary(), s =>
        {
            var newline = s.crlf ? "\r\n" : "\n";
            var text = new StringBuilder();
            for (var r = 0; r <= s.rows; r++)
            {
                // Header names must be distinct and not blank for CsvHelper: the first row is named columns.
                var cells = r == 0 ? Enumerable.Range(0, s.columns).Select(c => $"col{c}") : s.cells.Skip(r * s.columns).Take(s.columns);
                text.Append(string.Join(s.delimiter, cells.Select(c => s.delimiter == '\t' ? c.Replace("\t", " ", StringComparison.Ordinal) : c))).Append(newline);
                if (r == s.blankAfter)
                {
                    text.Append(newline);
                }
            }

            Assert.Equal(Reference(text.ToString(), s.delimiter), Read(text.ToString(), s.delimiter, s.buffer));
        }));
    }

    [Fact]
    public void ShortRows_HaveEmptyFields_AndALastRowWithoutALineBreakIsRead()
    {
        using var rows = new DelimitedRows(new StringReader("a,b,c\n1\n2,\"x\"\"y\",3"), ',', bufferSize: 5);
        Assert.Equal(["a", "b", "c"], rows.Header!);
        Assert.True(rows.Next(out var line));
        Assert.Equal((2L, "1", null as string, ""), (line, rows.Field(0), rows.Field(1), rows.Span(2).ToString()));
        Assert.True(rows.Next(out line));
        Assert.Equal((3L, "x\"y", "3"), (line, rows.Field(1), rows.Field(2)));
        Assert.False(rows.Next(out _));
    }

    private static List<string[]> Read(string text, char delimiter, int buffer)
    {
        using var rows = new DelimitedRows(new StringReader(text), delimiter, buffer);
        var result = new List<string[]> { rows.Header! };
        while (rows.Next(out _))
        {
            result.Add([.. Enumerable.Range(0, rows.Header!.Length).Select(i => rows.Field(i) ?? "")]);
        }

        return result;
    }

    private static List<string[]> Reference(string text, char delimiter)
    {
        using var csv = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = true,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.Trim,
        });
        var result = new List<string[]>();
        csv.Read();
        csv.ReadHeader();
        result.Add(csv.HeaderRecord!);
        while (csv.Read())
        {
            result.Add([.. Enumerable.Range(0, csv.HeaderRecord!.Length).Select(i => i < csv.Parser.Count ? csv.GetField(i) ?? "" : "")]);
        }

        return result;
    }
}
