using System;

namespace Loyalty.Sdk;

/// <summary>Identifies a member (a customer) within a program.</summary>
/// <remarks>This type is an immutable value type and is thread-safe. Ids compare in Unicode code-point order (the byte order of UTF-8, as databases sort text).</remarks>
public readonly record struct MemberId : IComparable<MemberId>
{
    /// <summary>The longest id accepted, in UTF-16 code units.</summary>
    public const int MaxLength = 200;

    private readonly string? _value;

    private MemberId(string value) => _value = value;

    /// <summary>Gets the id as text; empty for the default instance.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the default (uninitialised) instance.</summary>
    public bool IsDefault => _value is null;

    /// <summary>Creates an id from its text, which is kept verbatim.</summary>
    /// <param name="value">Non-empty text of at most <see cref="MaxLength"/> characters, valid UTF-16, without NUL.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, too long or not storable.</exception>
    public static MemberId From(string value) => new(Guard.Text(value, MaxLength, nameof(value)));

    /// <inheritdoc />
    public int CompareTo(MemberId other) => Guard.CompareCodePoints(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
