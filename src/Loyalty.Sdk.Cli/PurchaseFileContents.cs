using System.Collections.Generic;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Cli;

/// <summary>The purchases read from a file, with the rows that could not be used.</summary>
internal sealed record PurchaseFileContents(PurchaseTable Table, decimal[]? Amounts, long Rows, long BadRowCount, IReadOnlyList<BadRow> FirstBadRows);
