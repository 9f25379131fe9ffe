namespace GitOpsAgent.Toml;

/// <summary>How a table came into being; TOML's redefinition rules depend on it.</summary>
internal enum TableOrigin
{
    /// <summary>Built by code, not by the parser.</summary>
    Programmatic,

    /// <summary>Created on the way to a deeper header (<c>[a.b]</c> creates <c>a</c>); a later <c>[a]</c> may still define it.</summary>
    Implicit,

    /// <summary>Defined by a <c>[header]</c> or as an element of <c>[[array]]</c>.</summary>
    Header,

    /// <summary>Created by a dotted key (<c>a.b = 1</c> creates <c>a</c>).</summary>
    Dotted,

    /// <summary>Written as an inline table <c>{ ... }</c>.</summary>
    Inline,
}
