//! Text normalisation for extracted PDF text: NFKC, radicals folded to ideographs, no spaces
//! where CJK meets ASCII, one kind of colon.

use unicode_normalization::UnicodeNormalization;

/// Normalises extracted text so that rules can match it:
///
/// 1. NFKC (full-width digits and letters become ASCII, `：` becomes `:`, and the Kangxi
///    Radicals U+2F00–U+2FD5 become their unified ideographs: `⼩` → `小`);
/// 2. the CJK Radicals Supplement (U+2E80–U+2EFF), which NFKC leaves alone, is folded to the
///    equivalent unified ideograph (`⻔` → `门`, `⻋` → `车`); Chromium/Skia PDFs use them;
/// 3. whitespace runs become one space, trimmed at both ends, and a space next to a CJK
///    character is dropped when the other side is CJK, an ASCII letter or digit, or a colon
///    (`约 12.5 万平方米` → `约12.5万平方米`, `2 人` → `2人`).
pub fn normalise(s: &str) -> String {
    let simplified: String = s.chars().map(simplified_kangxi).collect();
    let folded: String = simplified.nfkc().map(fold_char).collect();
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            if let (Some(b), Some(a)) = (before, after)
                && !drops_space_between(b, a)
            {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Kangxi radicals whose glyph in Simplified Chinese fonts is the simplified character, while
/// NFKC would give the traditional or a variant one. Noto Sans CJK SC draws `户` with the glyph
/// of `⼾`, so a Chromium PDF says `⼾`, which NFKC turns into `戶`.
fn simplified_kangxi(c: char) -> char {
    match c {
        '\u{2F3E}' => '户', // KANGXI RADICAL DOOR, NFKC: 戶
        '\u{2FAD}' => '青', // KANGXI RADICAL BLUE, NFKC: 靑
        '\u{2FC8}' => '黄', // KANGXI RADICAL YELLOW, NFKC: 黃
        _ => c,
    }
}

/// One character after NFKC: radicals to ideographs, the remaining colon forms to `:`.
fn fold_char(c: char) -> char {
    match c {
        '\u{2E80}'..='\u{2EFF}' => radical_supplement(c).unwrap_or(c),
        '：' | '﹕' | '︓' => ':',
        _ => c,
    }
}

/// Whether a space between `before` and `after` carries no meaning.
fn drops_space_between(before: char, after: char) -> bool {
    let tight = |c: char| is_cjk(c) || c.is_ascii_alphanumeric() || c == ':';
    (is_cjk(before) && tight(after)) || (is_cjk(after) && tight(before))
}

/// CJK ideographs, CJK punctuation and the full-width forms NFKC keeps.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'   // radicals
        | '\u{3000}'..='\u{303F}' // CJK symbols and punctuation (、。《》「」)
        | '\u{3400}'..='\u{4DBF}' // extension A
        | '\u{4E00}'..='\u{9FFF}' // unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FF00}'..='\u{FFEF}' // half- and full-width forms
        | '\u{20000}'..='\u{3FFFF}' // extensions B and later
    )
}

/// The unified ideograph a CJK Radicals Supplement character stands for (after Unicode's
/// `EquivalentUnifiedIdeograph.txt`), when there is one.
fn radical_supplement(c: char) -> Option<char> {
    let to = match c {
        '\u{2E81}' => '厂',              // CLIFF
        '\u{2E82}' => '乛',              // SECOND ONE
        '\u{2E83}' => '乚',              // SECOND TWO
        '\u{2E84}' => '乙',              // SECOND THREE
        '\u{2E85}' => '亻',              // PERSON
        '\u{2E86}' => '冂',              // BOX
        '\u{2E87}' => '\u{20628}',       // TABLE 𠘨
        '\u{2E88}' => '刀',              // KNIFE ONE
        '\u{2E89}' => '刂',              // KNIFE TWO
        '\u{2E8A}' => '卜',              // DIVINATION
        '\u{2E8B}' => '㔾',              // SEAL
        '\u{2E8C}' | '\u{2E8D}' => '小', // SMALL ONE, SMALL TWO
        '\u{2E8E}' => '兀',              // LAME ONE
        '\u{2E8F}' => '尣',              // LAME TWO
        '\u{2E90}' => '尢',              // LAME THREE
        '\u{2E91}' => '\u{21BC2}',       // LAME FOUR 𡯂
        '\u{2E92}' => '巳',              // SNAKE
        '\u{2E93}' => '幺',              // THREAD
        '\u{2E94}' => '彑',              // SNOUT ONE
        '\u{2E95}' => '彐',              // SNOUT TWO
        '\u{2E96}' => '忄',              // HEART ONE
        '\u{2E97}' => '心',              // HEART TWO
        '\u{2E98}' => '扌',              // HAND
        '\u{2E99}' => '攵',              // RAP
        '\u{2E9B}' => '旡',              // CHOKE
        '\u{2E9C}' => '日',              // SUN
        '\u{2E9D}' => '月',              // MOON
        '\u{2E9E}' => '歺',              // DEATH
        '\u{2E9F}' => '母',              // MOTHER
        '\u{2EA0}' => '民',              // CIVILIAN
        '\u{2EA1}' => '氵',              // WATER ONE
        '\u{2EA2}' => '氺',              // WATER TWO
        '\u{2EA3}' => '灬',              // FIRE
        '\u{2EA4}' | '\u{2EA5}' => '爫', // PAW ONE, PAW TWO
        '\u{2EA6}' => '丬',              // SIMPLIFIED HALF TREE TRUNK
        '\u{2EA7}' => '牛',              // COW
        '\u{2EA8}' => '犭',              // DOG
        '\u{2EA9}' => '王',              // JADE
        '\u{2EAA}' => '疋',              // BOLT OF CLOTH
        '\u{2EAB}' => '罒',              // EYE
        '\u{2EAC}' => '示',              // SPIRIT ONE
        '\u{2EAD}' => '礻',              // SPIRIT TWO
        '\u{2EAE}' => '竹',              // BAMBOO
        '\u{2EAF}' => '糹',              // SILK
        '\u{2EB0}' => '纟',              // C-SIMPLIFIED SILK
        '\u{2EB1}' => '罓',              // NET ONE
        '\u{2EB2}' => '罒',              // NET TWO
        '\u{2EB3}' | '\u{2EB4}' => '网', // NET THREE, NET FOUR
        '\u{2EB5}' => '罓',              // MESH
        '\u{2EB6}' | '\u{2EB7}' => '羊', // SHEEP, RAM
        '\u{2EB8}' => '羋',              // EWE
        '\u{2EB9}' => '耂',              // OLD
        '\u{2EBA}' => '肀',              // BRUSH ONE
        '\u{2EBB}' => '聿',              // BRUSH TWO
        '\u{2EBC}' => '月',              // MEAT (the 月 form of 肉)
        '\u{2EBD}' => '臼',              // MORTAR
        '\u{2EBE}'..='\u{2EC0}' => '艹', // GRASS ONE..THREE
        '\u{2EC1}' => '虎',              // TIGER
        '\u{2EC2}' => '衤',              // CLOTHES
        '\u{2EC3}' => '覀',              // WEST ONE
        '\u{2EC4}' => '西',              // WEST TWO
        '\u{2EC5}' => '见',              // C-SIMPLIFIED SEE
        '\u{2EC6}' | '\u{2EC7}' => '角', // SIMPLIFIED HORN, HORN
        '\u{2EC8}' => '讠',              // C-SIMPLIFIED SPEECH
        '\u{2EC9}' => '贝',              // C-SIMPLIFIED SHELL
        '\u{2ECA}' => '𧾷',              // FOOT
        '\u{2ECB}' => '车',              // C-SIMPLIFIED CART
        '\u{2ECC}'..='\u{2ECE}' => '辶', // SIMPLIFIED WALK, WALK ONE, WALK TWO
        '\u{2ECF}' => '阝',              // CITY
        '\u{2ED0}' => '钅',              // C-SIMPLIFIED GOLD
        '\u{2ED1}' => '長',              // LONG ONE
        '\u{2ED2}' => '镸',              // LONG TWO
        '\u{2ED3}' => '长',              // C-SIMPLIFIED LONG
        '\u{2ED4}' => '门',              // C-SIMPLIFIED GATE
        '\u{2ED5}' => '阜',              // MOUND ONE
        '\u{2ED6}' => '阝',              // MOUND TWO
        '\u{2ED7}' => '雨',              // RAIN
        '\u{2ED8}' => '青',              // BLUE
        '\u{2ED9}' => '韦',              // C-SIMPLIFIED TANNED LEATHER
        '\u{2EDA}' => '页',              // C-SIMPLIFIED LEAF
        '\u{2EDB}' => '风',              // C-SIMPLIFIED WIND
        '\u{2EDC}' => '飞',              // C-SIMPLIFIED FLY
        '\u{2EDD}' | '\u{2EDE}' => '食', // EAT ONE, EAT TWO
        '\u{2EDF}' => '飠',              // EAT THREE
        '\u{2EE0}' => '饣',              // C-SIMPLIFIED EAT
        '\u{2EE1}' => '首',              // HEAD
        '\u{2EE2}' => '马',              // C-SIMPLIFIED HORSE
        '\u{2EE3}' => '骨',              // BONE
        '\u{2EE4}' => '鬼',              // GHOST
        '\u{2EE5}' => '鱼',              // C-SIMPLIFIED FISH
        '\u{2EE6}' => '鸟',              // C-SIMPLIFIED BIRD
        '\u{2EE7}' => '卤',              // C-SIMPLIFIED SALT
        '\u{2EE8}' => '麦',              // SIMPLIFIED WHEAT
        '\u{2EE9}' => '黄',              // SIMPLIFIED YELLOW
        '\u{2EEA}' => '黾',              // C-SIMPLIFIED FROG
        '\u{2EEB}' => '斉',              // J-SIMPLIFIED EVEN
        '\u{2EEC}' => '齐',              // C-SIMPLIFIED EVEN
        '\u{2EED}' => '歯',              // J-SIMPLIFIED TOOTH
        '\u{2EEE}' => '齿',              // C-SIMPLIFIED TOOTH
        '\u{2EEF}' => '竜',              // J-SIMPLIFIED DRAGON
        '\u{2EF0}' => '龙',              // C-SIMPLIFIED DRAGON
        '\u{2EF1}' => '龜',              // TURTLE
        '\u{2EF2}' => '亀',              // J-SIMPLIFIED TURTLE
        '\u{2EF3}' => '龟',              // C-SIMPLIFIED TURTLE
        _ => return None,
    };
    Some(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kangxi_radicals_become_ideographs() {
        assert_eq!(normalise("⼩区⼈⼝⼊⼝"), "小区人口入口");
        assert_eq!(normalise("监控中⼼"), "监控中心");
        // the simplified forms, not NFKC's traditional ones
        assert_eq!(normalise("⼾数：1200⼾"), "户数:1200户");
        assert_eq!(normalise("⾭⿈"), "青黄");
    }

    #[test]
    fn supplement_radicals_become_ideographs() {
        assert_eq!(normalise("⻔禁"), "门禁");
        assert_eq!(normalise("⻋辆出⼊⼝"), "车辆出入口");
        for (radical, ideograph) in [
            ('⻓', '长'),
            ('⻅', '见'),
            ('⻆', '角'),
            ('⻉', '贝'),
            ('⻚', '页'),
            ('⻛', '风'),
            ('⻜', '飞'),
            ('⻝', '食'),
            ('⻢', '马'),
            ('⻦', '鸟'),
            ('⻥', '鱼'),
            ('⻩', '黄'),
            ('⻬', '齐'),
            ('⻰', '龙'),
        ] {
            assert_eq!(normalise(&radical.to_string()), ideograph.to_string());
        }
        // Every assigned supplement character folds to a CJK ideograph (no radical is left).
        for c in ('\u{2E80}'..='\u{2EFF}').filter(|&c| radical_supplement(c).is_some()) {
            let out = normalise(&c.to_string());
            assert!(
                out.chars().all(|o| !('\u{2E80}'..='\u{2FDF}').contains(&o)),
                "{c}"
            );
        }
    }

    #[test]
    fn colons_and_full_width_forms() {
        assert_eq!(normalise("户数：1200户"), "户数:1200户");
        assert_eq!(normalise("监控中心值班人数:2人"), "监控中心值班人数:2人");
        assert_eq!(normalise("分辨率：４００万像素"), "分辨率:400万像素");
        assert_eq!(normalise("（枪式）"), "(枪式)");
    }

    #[test]
    fn spaces_between_cjk_and_ascii_go() {
        assert_eq!(normalise("约 12.5 万平方米"), "约12.5万平方米");
        assert_eq!(normalise("监控中心值班人数:2 人"), "监控中心值班人数:2人");
        // A space after the colon stays: matchers allow `:\s*`.
        assert_eq!(normalise("户数 ： 1200 户"), "户数: 1200户");
        assert_eq!(normalise("小 区"), "小区");
        // Spaces between ASCII words stay (one of them).
        assert_eq!(normalise("  GB   50348-2018 "), "GB 50348-2018");
        assert_eq!(normalise("NVR 集中存储, RAID5"), "NVR集中存储, RAID5");
        assert_eq!(normalise("\u{3000}前言\u{00A0}"), "前言");
    }

    #[test]
    fn empty_and_plain_ascii() {
        assert_eq!(normalise(""), "");
        assert_eq!(normalise("   "), "");
        assert_eq!(normalise("DS-2CD3T47"), "DS-2CD3T47");
    }
}
