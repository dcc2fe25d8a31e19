//! Small drawing helpers shared by the screens.

pub mod announcement;
pub mod keybar;
pub mod list;
pub mod pick_list;
pub mod table;

use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::widgets::Block;

use crate::theme::Theme;

/// The rows under every screen: the status line and the function-key bar.
pub const CHROME_ROWS: u16 = 2;

/// `+ - |` borders for terminals without line-drawing characters.
const ASCII: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// A bordered block in the theme's border style.
pub fn bordered(ascii: bool, theme: &Theme) -> Block<'static> {
    let b = Block::bordered().border_style(theme.border);
    if ascii { b.border_set(ASCII) } else { b }
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
