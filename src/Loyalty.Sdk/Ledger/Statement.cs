using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// A member's statement for the period after <see cref="From"/> up to and including <see cref="To"/>: the opening
/// balance, every line, and the closing balance, with <c>Opening.Total + Σ line amounts = Closing.Total</c>.
/// Expiries that are due but not yet materialised by the expiry job appear as lines with
/// <see cref="StatementLine.IsMaterialized"/> set to <see langword="false"/>.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="ProgramId">The program.</param>
/// <param name="MemberId">The member.</param>
/// <param name="From">The start of the period (exclusive).</param>
/// <param name="To">The end of the period (inclusive).</param>
/// <param name="Opening">The balance as of <see cref="From"/>.</param>
/// <param name="Closing">The balance as of <see cref="To"/>.</param>
/// <param name="Lines">The lines, ordered by instant and then sequence.</param>
public sealed record Statement(ProgramId ProgramId, MemberId MemberId, Instant From, Instant To, AccountBalance Opening, AccountBalance Closing, IReadOnlyList<StatementLine> Lines);
