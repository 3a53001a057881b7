using System;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Storage;

/// <summary>The stored outcome of a committed command, found by its idempotency key when the command is replayed.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record IdempotencyRecord
{
    /// <summary>Gets the program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Gets the key, unique within the program.</summary>
    public required IdempotencyKey Key { get; init; }

    /// <summary>Gets the member the command was for.</summary>
    public required MemberId MemberId { get; init; }

    /// <summary>Gets the 128-bit hash (SHA-256, truncated) of the command's canonical payload; a replay with another hash is a conflict.</summary>
    public required UInt128 Fingerprint { get; init; }

    /// <summary>Gets the first entry the command wrote.</summary>
    public required long FirstSequence { get; init; }

    /// <summary>Gets the last entry the command wrote (less than <see cref="FirstSequence"/> when it wrote none).</summary>
    public required long LastSequence { get; init; }

    /// <summary>Gets the account version the command produced.</summary>
    public required long Version { get; init; }

    /// <summary>Gets the balance right after the command.</summary>
    public required AccountBalance Balance { get; init; }

    /// <summary>Gets when the command was committed.</summary>
    public required Instant RecordedAt { get; init; }
}
