//! The CoNLL column reader: `token TAG` per line (spaces or tabs; with more columns, the first is
//! the token and the last the tag), a blank line between sentences, and optional `-DOCSTART-`
//! lines that open a new document. Tags are `O` or `B-`, `I-`, `E-`, `S-` followed by a type;
//! IOB1 and IOB2 files read the same way (chunking tells them apart, see [`super::ner`]).

use std::path::Path;

use super::{read_lines, EvalError};

/// One sentence: tokens and their tags.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Tokens.
    pub tokens: Vec<String>,
    /// Tags, one per token.
    pub tags: Vec<String>,
    /// Line of the first token (from 1).
    pub line: usize,
}

/// One document: the sentences between two `-DOCSTART-` lines (or the whole file).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConllDocument {
    /// Its sentences.
    pub sentences: Vec<Sentence>,
    /// Line of its `-DOCSTART-` (0 when the file has none).
    pub line: usize,
}

/// A parsed CoNLL file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConllFile {
    /// The file name, for messages.
    pub name: String,
    /// Its documents (one when the file has no `-DOCSTART-`).
    pub documents: Vec<ConllDocument>,
    /// Whether the file marks documents with `-DOCSTART-`.
    pub has_docstart: bool,
}

impl ConllFile {
    /// All sentences, in file order.
    pub fn sentences(&self) -> impl Iterator<Item = &Sentence> {
        self.documents.iter().flat_map(|d| d.sentences.iter())
    }

    /// The tags of every sentence, in file order.
    pub fn tag_sequences(&self) -> Vec<Vec<String>> {
        self.sentences().map(|s| s.tags.clone()).collect()
    }
}

/// Reads a CoNLL file.
pub fn read(path: &Path) -> Result<ConllFile, EvalError> {
    let lines = read_lines(path)?;
    parse(
        &path.display().to_string(),
        lines.iter().map(String::as_str),
    )
}

/// Whether `tag` is a tag the scorer understands: `O`, or a prefix `B I E S` + `-` + a type.
pub fn is_valid_tag(tag: &str) -> bool {
    if tag == "O" {
        return true;
    }
    let mut chars = tag.chars();
    matches!(chars.next(), Some('B' | 'I' | 'E' | 'S'))
        && chars.next() == Some('-')
        && chars.next().is_some()
}

/// Parses CoNLL lines; `name` is used in error messages.
pub fn parse<'a>(
    name: &str,
    lines: impl IntoIterator<Item = &'a str>,
) -> Result<ConllFile, EvalError> {
    let mut file = ConllFile {
        name: name.to_string(),
        documents: vec![ConllDocument::default()],
        has_docstart: false,
    };
    let mut current = Sentence::default();
    let flush = |file: &mut ConllFile, current: &mut Sentence| {
        if !current.tokens.is_empty() {
            if let Some(doc) = file.documents.last_mut() {
                doc.sentences.push(std::mem::take(current));
            }
        }
    };
    for (i, line) in lines.into_iter().enumerate() {
        let line_no = i + 1;
        let cols: Vec<&str> = line.split_whitespace().collect();
        let Some(&first) = cols.first() else {
            flush(&mut file, &mut current);
            continue;
        };
        if first == "-DOCSTART-" {
            flush(&mut file, &mut current);
            // The first -DOCSTART- names the document that is already open (if still empty).
            let reuse = !file.has_docstart
                && file
                    .documents
                    .last()
                    .is_some_and(|d| d.sentences.is_empty());
            if !reuse {
                file.documents.push(ConllDocument::default());
            }
            if let Some(doc) = file.documents.last_mut() {
                doc.line = line_no;
            }
            file.has_docstart = true;
            continue;
        }
        if cols.len() < 2 {
            return Err(EvalError::Syntax {
                file: name.to_string(),
                line: line_no,
                problem: format!("expected `token TAG`, found one column {first:?}"),
            });
        }
        let tag = cols[cols.len() - 1];
        if !is_valid_tag(tag) {
            return Err(EvalError::Syntax {
                file: name.to_string(),
                line: line_no,
                problem: format!("tag {tag:?} is not O or B-, I-, E-, S- followed by a type"),
            });
        }
        if current.tokens.is_empty() {
            current.line = line_no;
        }
        current.tokens.push(first.to_string());
        current.tags.push(tag.to_string());
    }
    flush(&mut file, &mut current);
    // A -DOCSTART- with no sentence after it is not a document.
    file.documents.retain(|d| !d.sentences.is_empty());
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sentences_documents_and_columns() {
        let text = "-DOCSTART- -X- O O\n\nEU NNP B-ORG\nrejects\tVBZ\tO\n\n\nGerman B-MISC\n\
                    -DOCSTART- O\n\nPeter I-PER\n";
        let f = parse("t.conll", text.lines()).unwrap();
        assert!(f.has_docstart);
        assert_eq!(f.documents.len(), 2);
        assert_eq!(f.documents[0].line, 1);
        assert_eq!(f.documents[0].sentences.len(), 2);
        assert_eq!(f.documents[0].sentences[0].tokens, ["EU", "rejects"]);
        assert_eq!(f.documents[0].sentences[0].tags, ["B-ORG", "O"]);
        assert_eq!(f.documents[0].sentences[0].line, 3);
        assert_eq!(f.documents[1].sentences[0].tags, ["I-PER"]);
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = parse("g.txt", "a O\nb\n".lines()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "g.txt:2: expected `token TAG`, found one column \"b\""
        );
        let e = parse("g.txt", "a O\n\nb X-LOC\n".lines()).unwrap_err();
        assert!(e.to_string().starts_with("g.txt:3: tag \"X-LOC\""), "{e}");
    }

    #[test]
    fn without_docstart_one_document() {
        let f = parse("t", "a O\n\nb B-LOC\n".lines()).unwrap();
        assert!(!f.has_docstart);
        assert_eq!(f.documents.len(), 1);
        assert_eq!(f.sentences().count(), 2);
    }
}
