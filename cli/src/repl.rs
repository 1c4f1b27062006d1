//! What the native `whalelab repl` says where the page would do something a terminal cannot:
//! an editor (`nano`, `vi`, `vim`, `code`) opens a pane in the page, so here the learner is
//! told, in the site's Korean voice, to write the file with a here-document instead.

use whalelab_core::shell::EditRequest;

/// The note for an editor the learner asked for; `cwd` shortens the file's path in the example.
pub fn editor_note(request: &EditRequest, cwd: &str) -> String {
    let file = match request.path.strip_prefix(cwd.trim_end_matches('/')).and_then(|p| p.strip_prefix('/')) {
        Some(rel) if !rel.is_empty() => rel.to_string(),
        _ if request.path.is_empty() => "FILE".to_string(),
        _ => request.path.clone(),
    };
    format!(
        "{}: 이 터미널(whalelab repl)에는 편집기 창이 없습니다. 웹 페이지에서는 편집기가 열립니다.\n\
         여기서는 히어 문서(here-document)로 파일을 쓰세요. 마지막 줄에 EOF만 쓰면 끝납니다:\n\
         \x20 cat > {file} <<'EOF'\n\
         \x20 (파일 내용을 한 줄씩 입력)\n\
         \x20 EOF",
        request.editor
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(editor: &str, path: &str) -> EditRequest {
        EditRequest { editor: editor.into(), path: path.into(), content: String::new(), exists: false }
    }

    #[test]
    fn the_note_names_the_editor_and_the_file_as_typed_from_here() {
        let note = editor_note(&request("nano", "/home/user/app/Dockerfile"), "/home/user/app");
        assert!(note.starts_with("nano: 이 터미널(whalelab repl)에는 편집기 창이 없습니다."), "{note}");
        assert!(note.contains("\n  cat > Dockerfile <<'EOF'\n"), "{note}");
        assert!(note.ends_with("\n  EOF"), "{note}");
        assert!(editor_note(&request("vim", "/etc/hosts"), "/home/user").contains("cat > /etc/hosts <<'EOF'"));
        assert!(editor_note(&request("code", ""), "/home/user").contains("cat > FILE <<'EOF'"));
    }
}
