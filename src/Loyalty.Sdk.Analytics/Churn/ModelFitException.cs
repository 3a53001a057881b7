using System;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>A model fit that could not produce parameters (no data, no repeat purchases, non-finite input, no convergence).</summary>
public sealed class ModelFitException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ModelFitException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public ModelFitException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelFitException"/> class.</summary>
    public ModelFitException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelFitException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ModelFitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
