using System;

namespace Loyalty.Sdk;

/// <summary>
/// A caller-supplied key that makes a mutating command idempotent within its program, such as
/// <c>order:123:earn</c>. Replaying a key returns the original result; reusing it for another payload is a conflict.
/// </summary>
/// <remarks>This type is an immutable value type and is thread-safe. Keys compare in Unicode code-point order (the byte order of UTF-8, as databases sort text).</remarks>
public readonly record struct IdempotencyKey : IComparable<IdempotencyKey>
{
    /// <summary>The longest key accepted, in UTF-16 code units.</summary>
    public const int MaxLength = 512;

    private readonly string? _value;

    private IdempotencyKey(string value) => _value = value;

    /// <summary>Gets the key as text; empty for the default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the default (uninitialised) instance.</summary>
    public bool IsDefault => _value is null;

    /// <summary>Creates a key from its text, which is kept verbatim.</summary>
    /// <param name="value">Non-empty text of at most <see cref="MaxLength"/> characters, valid UTF-16, without NUL.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, too long or not storable.</exception>
    public static IdempotencyKey From(string value) => new(Guard.Text(value, MaxLength, nameof(value)));

    /// <inheritdoc />
    public int CompareTo(IdempotencyKey other) => Guard.CompareCodePoints(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
