using System;
using System.Collections.Generic;

namespace Loyalty.Sdk;

/// <summary>Thrown when a program definition is invalid; lists every problem found, not just the first.</summary>
public sealed class ProgramValidationException : ArgumentException
{
    /// <summary>Initializes a new instance of the <see cref="ProgramValidationException"/> class.</summary>
    /// <param name="errors">The problems, one sentence each, naming the field.</param>
    public ProgramValidationException(IReadOnlyList<string> errors)
        : base("The loyalty program definition is invalid:" + Environment.NewLine + "- " +
               string.Join(Environment.NewLine + "- ", Guard.NotNull(errors)))
    {
        Errors = errors;
    }

    /// <summary>Initializes a new instance of the <see cref="ProgramValidationException"/> class.</summary>
    public ProgramValidationException()
        : this(Array.Empty<string>())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProgramValidationException"/> class.</summary>
    /// <param name="message">The single problem.</param>
    public ProgramValidationException(string message)
        : this(new[] { message })
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProgramValidationException"/> class.</summary>
    /// <param name="message">The single problem.</param>
    /// <param name="innerException">The cause.</param>
    public ProgramValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new[] { message };
    }

    /// <summary>Gets every problem found.</summary>
    public IReadOnlyList<string> Errors { get; }
}
