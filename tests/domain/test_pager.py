"""A step too tall for the screen is split into pages between its blocks; a text taller than a page is
cut between two lines; a heading never ends a page; a block that cannot fit is flagged."""

from kiosk.domain.pager import Block, Page, page_of, paginate, tile_pages


def test_a_step_that_fits_is_one_page():
    assert paginate([Block(0, 30), Block(34, 20)], room=60) == [Page(0, 54)]


def test_nothing_to_show_is_still_one_page():
    assert paginate([], room=60) == [Page(0, 0)]


def test_blocks_are_never_cut_when_they_fit_a_page():
    pages = paginate([Block(0, 30), Block(34, 20), Block(58, 25), Block(87, 10)], room=60)
    assert pages == [Page(0, 54), Page(58, 97)]
    # every block is whole on exactly one page
    for block in (Block(0, 30), Block(34, 20), Block(58, 25), Block(87, 10)):
        assert sum(p.top <= block.top and block.bottom <= p.bottom for p in pages) == 1


def test_a_heading_moves_to_the_next_page_with_its_text():
    blocks = [Block(0, 30), Block(34, 10, keep_with_next=True), Block(48, 30)]
    assert paginate(blocks, room=60) == [Page(0, 30), Page(34, 78)]


def test_a_helper_never_starts_a_page_alone_it_takes_the_answer_before_it():
    # question, answer, answer, « Je ne sais pas »: the helper would open page 2 alone
    blocks = [Block(0, 20), Block(24, 20), Block(48, 10), Block(62, 10, keep_with_previous=True)]
    assert paginate(blocks, room=60) == [Page(0, 44), Page(48, 72)]


def test_a_run_of_helpers_goes_with_the_block_before_it():
    # « Je ne sais pas » then « Un indice », one a row at 200 %
    blocks = [
        Block(0, 30),
        Block(34, 20),
        Block(58, 10, keep_with_previous=True),
        Block(72, 10, keep_with_previous=True),
    ]
    assert paginate(blocks, room=60) == [Page(0, 30), Page(34, 82)]


def test_a_helper_stays_alone_when_the_block_before_it_cannot_go_along():
    # the block before it is as tall as a page: moving it would cost a page and gain nothing
    blocks = [Block(0, 10), Block(14, 55), Block(73, 10, keep_with_previous=True)]
    assert paginate(blocks, room=60) == [Page(0, 10), Page(14, 69), Page(73, 83)]
    # and a page always keeps its first block
    assert paginate([Block(0, 50), Block(54, 10, keep_with_previous=True)], room=60) == [
        Page(0, 50),
        Page(54, 64),
    ]


def test_a_question_keeps_its_answers_rather_than_lend_them_to_the_helper():
    # « Question 1 sur 3 », the question (titles), the answers, « Je ne sais pas »: all three cannot share
    # a page; moving the answers would leave the titles alone, so the helper goes alone instead
    blocks = [
        Block(0, 10, keep_with_next=True),
        Block(14, 20, keep_with_next=True),
        Block(38, 20),
        Block(62, 10, keep_with_previous=True),
    ]
    assert paginate(blocks, room=60) == [Page(0, 58), Page(62, 72)]


def test_a_long_text_is_cut_between_lines():
    # 10 lines of 9: a 40-high page shows 4 whole lines, never a half line
    pages = paginate([Block(0, 90, line=9), Block(94, 30)], room=40)
    assert pages == [
        Page(0, 36),
        Page(36, 72, continued=True),
        Page(72, 90, continued=True),
        Page(94, 124),
    ]
    assert all((p.bottom - p.top) % 9 == 0 for p in pages[:2])


def test_the_end_of_a_cut_text_shares_its_page_with_what_follows():
    pages = paginate([Block(0, 45, line=9), Block(49, 10)], room=40)
    assert pages == [Page(0, 36), Page(36, 59, continued=True)]


def test_a_block_taller_than_a_page_that_cannot_be_cut_is_flagged():
    pages = paginate([Block(0, 10), Block(14, 80), Block(98, 10)], room=50)
    assert pages[0] == Page(0, 10)
    assert pages[1].overflow and pages[1].top == 14
    assert pages[2] == Page(98, 108)


def test_page_of_an_offset():
    pages = [Page(0, 54), Page(58, 97)]
    assert page_of(pages, 0) == 0
    assert page_of(pages, 40) == 0
    assert page_of(pages, 58) == 1
    assert page_of(pages, 500) == 1


def test_a_page_of_titles_alone_keeps_them():
    blocks = [Block(0, 10, keep_with_next=True), Block(14, 10, keep_with_next=True), Block(28, 50)]
    assert paginate(blocks, room=60)[0] == Page(0, 24)


def test_tiles_that_fit_are_one_page_else_a_more_tile_takes_the_last_place():
    assert tile_pages(7, 8) == [[0, 1, 2, 3, 4, 5, 6]]
    assert tile_pages(7, 6) == [[0, 1, 2, 3, 4], [5, 6]]
    assert tile_pages(7, 4) == [[0, 1, 2], [3, 4, 5], [6]]


def test_a_title_alone_takes_the_first_lines_of_its_text():
    # « Astuce » then a 6-line tip: the title is not left alone on its page
    pages = paginate([Block(0, 10, keep_with_next=True), Block(14, 54, line=9)], room=50)
    assert pages == [Page(0, 50), Page(50, 68, continued=True)]
