//! Go's `encoding/csv`, as far as pflag's string-slice flags and docker's `--mount` read
//! one record with it: quoted fields, doubled quotes, and the reader's error texts.

/// One CSV record as Go's `encoding/csv` reads it (pflag's `strings` flags).
pub fn record(value: &str) -> Result<Vec<String>, String> {
    if value.is_empty() {
        return Err("EOF".to_string());
    }
    let line = value.split('\n').next().unwrap_or("");
    let mut fields = Vec::new();
    let mut chars = line.char_indices().peekable();
    loop {
        let mut field = String::new();
        if let Some((_, '"')) = chars.peek() {
            chars.next();
            loop {
                match chars.next() {
                    Some((_, '"')) if chars.peek().map(|c| c.1) == Some('"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some((_, '"')) => break,
                    Some((_, c)) => field.push(c),
                    None => {
                        return Err(format!(
                            "parse error on line 1, column {}: extraneous or missing \" in quoted-field",
                            line.len() + 1
                        ))
                    }
                }
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some((_, ',')) => {}
                // The column of the closing quote, which `at` follows.
                Some((at, _)) => {
                    return Err(format!("parse error on line 1, column {at}: extraneous or missing \" in quoted-field"))
                }
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(field);
                        return Ok(fields);
                    }
                    Some((_, ',')) => break,
                    Some((at, '"')) => {
                        return Err(format!("parse error on line 1, column {}: bare \" in non-quoted-field", at + 1))
                    }
                    Some((_, c)) => field.push(c),
                }
            }
        }
        fields.push(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_record() {
        assert_eq!(record("a,\"b,c\",\"d\"\"e\""), Ok(vec!["a".to_string(), "b,c".to_string(), "d\"e".to_string()]));
        assert_eq!(record(""), Err("EOF".to_string()));
        assert_eq!(record("a\"b"), Err("parse error on line 1, column 2: bare \" in non-quoted-field".to_string()));
        assert_eq!(
            record("\"ab"),
            Err("parse error on line 1, column 4: extraneous or missing \" in quoted-field".to_string())
        );
    }
}
